package dev.podidentity.local.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects the local stack puts in its cluster, shaped as AKS and aad-pod-identity's users make
 * them: agent nodes of a pool, pods of one container, aad's custom resources.
 */
final class ClusterObjects {
  private static final String DEMO_IMAGE =
      "mcr.microsoft.com/oss/azure/aad-pod-identity/demo:v1.8.17";

  private ClusterObjects() {}

  /** An AKS agent node of {@code pool}, on the VM {@code providerId} names. */
  static Node node(String name, String providerId, String pool) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.azure.com/role", "agent")
        .addToLabels("kubernetes.azure.com/agentpool", pool)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .endSpec()
        .build();
  }

  /** One of aad's custom resources ({@code context}'s kind) with {@code spec}. */
  static GenericKubernetesResource custom(
      ResourceDefinitionContext context,
      String namespace,
      String name,
      Map<String, String> annotations,
      Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(Crds.API_VERSION)
        .withKind(context.getKind())
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withAnnotations(annotations.isEmpty() ? null : new HashMap<>(annotations))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** A pod of one container, not yet scheduled. */
  static Pod pod(
      String namespace,
      String name,
      Map<String, String> labels,
      boolean hostNetwork,
      String serviceAccount) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(new HashMap<>(labels))
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(hostNetwork)
        .withServiceAccountName(serviceAccount)
        .addNewContainer()
        .withName("app")
        .withImage(DEMO_IMAGE)
        .endContainer()
        .endSpec()
        .build();
  }

  /** {@code current} as its kubelet reports it: {@code phase}, at {@code podIp} (may be null). */
  static Pod withStatus(Pod current, String podIp, String phase) {
    return new PodBuilder(current)
        .editOrNewStatus()
        .withPhase(phase)
        .withPodIP(podIp)
        .withPodIPs(podIp == null ? List.of() : List.of(new PodIP(podIp)))
        .withHostIP("127.0.0.1")
        .withStartTime(Instant.now().toString())
        .endStatus()
        .build();
  }

  static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static ServiceAccount serviceAccount(String namespace, String name) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .build();
  }
}
