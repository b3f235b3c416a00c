package dev.podidentity.watcher.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
}
