package dev.podidentity.watcher.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.watcher.core.PodInput;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Users' YAML from aad-pod-identity days keeps working, capitalised field names included. */
class KubernetesMappingTest {
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final KubernetesMapping mapping = new KubernetesMapping(serialization);

  private GenericKubernetesResource parse(String yaml) {
    return serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  @Test
  void capitalisedIdentityFieldsAreRead() {
    var identity =
        mapping.identity(
            parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureIdentity
                metadata: {name: api, namespace: default, uid: u1, resourceVersion: "1"}
                spec:
                  Type: 0
                  ResourceID: /subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/api
                  ClientID: 00000000-0000-0000-0000-000000000001
                """));

    assertThat(identity.type()).isEqualTo("0");
    assertThat(identity.resourceId()).endsWith("/userAssignedIdentities/api");
    assertThat(identity.clientId()).isEqualTo("00000000-0000-0000-0000-000000000001");
  }

  @Test
  void capitalisedBindingFieldsAreRead() {
    var binding =
        mapping.binding(
            parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureIdentityBinding
                metadata: {name: api-binding, namespace: default, uid: u2, resourceVersion: "1"}
                spec:
                  AzureIdentity: api
                  Selector: api
                """));

    assertThat(binding.azureIdentity()).isEqualTo("api");
    assertThat(binding.selector()).isEqualTo("api");
  }

  @Test
  void theNodePoolLabelAndTheEagerAnnotationAreRead() {
    var node =
        KubernetesMapping.node(
            serialization.unmarshal(
                """
                apiVersion: v1
                kind: Node
                metadata:
                  name: aks-nodepool1-1-vmss000000
                  resourceVersion: "3"
                  labels: {kubernetes.azure.com/agentpool: nodepool1, agentpool: nodepool1}
                spec: {providerID: "azure:///subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-1-vmss/virtualMachines/0"}
                """,
                io.fabric8.kubernetes.api.model.Node.class));
    var legacy =
        KubernetesMapping.node(
            serialization.unmarshal(
                """
                apiVersion: v1
                kind: Node
                metadata: {name: old, labels: {agentpool: agentpool}}
                """,
                io.fabric8.kubernetes.api.model.Node.class));
    var binding =
        mapping.binding(
            parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureIdentityBinding
                metadata:
                  name: b
                  namespace: default
                  annotations: {podidentity.k8s.io/eager: "true"}
                spec: {azureIdentity: api, selector: api}
                """));

    assertThat(node.pool()).isEqualTo("nodepool1");
    assertThat(legacy.pool()).isEqualTo("agentpool");
    assertThat(binding.eager()).isEqualTo("true");
  }

  // A pod as an API server sends it, with the parts the watcher does not keep (managed fields,
  // annotations, owner references, containers, conditions, container statuses).
  private static final String FULL_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-7d9f8b6c5-x2x9q
        generateName: web-7d9f8b6c5-
        namespace: shop
        uid: 0b6f4a5e-0000-4000-9000-000000000001
        resourceVersion: "4711"
        creationTimestamp: "2026-12-01T00:00:00Z"
        deletionTimestamp: "2026-12-01T00:05:00Z"
        labels: {app: web, aadpodidbinding: web-id}
        annotations: {kubectl.kubernetes.io/restartedAt: "2026-12-01T00:00:00Z"}
        ownerReferences:
        - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f8b6c5, uid: r1, controller: true}
        managedFields:
        - manager: kubelet
          operation: Update
          fieldsType: FieldsV1
          fieldsV1: {"f:status": {"f:podIPs": {}}}
      spec:
        nodeName: aks-pool0-vmss000001
        hostNetwork: true
        serviceAccountName: web
        containers:
        - name: app
          image: myregistry.azurecr.io/web:1.4.2
          env: [{name: LOG_LEVEL, value: info}]
          resources: {requests: {cpu: 100m}, limits: {memory: 512Mi}}
      status:
        phase: Running
        hostIP: 10.224.0.4
        podIP: 10.244.1.7
        podIPs: [{ip: 10.244.1.7}, {ip: "fd00::7"}]
        conditions: [{type: Ready, status: "True"}]
        containerStatuses:
        - name: app
          ready: true
          restartCount: 3
          state: {running: {startedAt: "2026-12-01T00:00:01Z"}}
      """;

  private static final PodInput EXPECTED =
      new PodInput(
          "0b6f4a5e-0000-4000-9000-000000000001",
          "shop",
          "web-7d9f8b6c5-x2x9q",
          "aks-pool0-vmss000001",
          List.of("10.244.1.7", "fd00::7"),
          "Running",
          true,
          true,
          Map.of("app", "web", "aadpodidbinding", "web-id"),
          "web",
          "4711");

  @Test
  void aListedPodKeepsEveryFieldTheProjectionReads() {
    SlimPod listed = serialization.unmarshal(FULL_POD, SlimPod.class);

    assertThat(KubernetesMapping.pod(listed)).isEqualTo(EXPECTED);
  }

  @Test
  void aWatchedPodConvertedFromTheFullModelKeepsEveryFieldTheProjectionReads() {
    // Watch events arrive as fabric8's Pod and the client converts them to the informer's type.
    Pod full = serialization.unmarshal(FULL_POD, Pod.class);

    assertThat(KubernetesMapping.pod(serialization.convertValue(full, SlimPod.class)))
        .isEqualTo(EXPECTED);
  }

  @Test
  void theSlimPodKeepsNothingElse() {
    SlimPod listed = serialization.unmarshal(FULL_POD, SlimPod.class);

    String kept = serialization.asJson(listed);
    assertThat(kept)
        .doesNotContain(
            "containers",
            "conditions",
            "containerStatuses",
            "managedFields",
            "annotations",
            "ownerReferences",
            "hostIP",
            "image");
    assertThat(serialization.unmarshal(kept, SlimPod.class).getMetadata().getAdditionalProperties())
        .isEmpty();
  }

  @Test
  void anOlderServersSinglePodIpIsRead() {
    SlimPod pod =
        serialization.unmarshal(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: default, uid: u, resourceVersion: "1"}
            spec: {nodeName: n1}
            status: {phase: Pending, podIP: 10.0.0.9}
            """,
            SlimPod.class);

    PodInput in = KubernetesMapping.pod(pod);
    assertThat(in.podIps()).containsExactly("10.0.0.9");
    assertThat(in.deleting()).isFalse();
    assertThat(in.hostNetwork()).isFalse();
  }
}
