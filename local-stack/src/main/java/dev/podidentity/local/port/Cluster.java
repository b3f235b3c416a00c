package dev.podidentity.local.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the local stack does to the simulated cluster's API: it writes what {@code kubectl} and
 * {@code az aks pod-identity add} would write, and it plays scheduler and kubelet for pods (there
 * is no kubelet). One adapter (fabric8), over the mock API server or a real cluster.
 */
public interface Cluster extends AutoCloseable {

  /**
   * A Node of a scale-set pool with the {@code spec.providerID} and the node pool label AKS writes.
   */
  void createNode(String name, String providerId, String pool);

  /** An AzureIdentity; {@code type} 0 = user-assigned identity, 1/2 = service principal. */
  void putIdentity(String namespace, String name, int type, String resourceId, String clientId);

  /** An AzureIdentity with extra annotations and spec fields (service principals, behaviours). */
  void putIdentity(
      String namespace, String name, Map<String, String> annotations, Map<String, Object> spec);

  void deleteIdentity(String namespace, String name);

  default void putBinding(String namespace, String name, String identityName, String selector) {
    putBinding(namespace, name, identityName, selector, Map.of());
  }

  /** A binding with annotations (e.g. {@code podidentity.k8s.io/eager}). */
  void putBinding(
      String namespace,
      String name,
      String identityName,
      String selector,
      Map<String, String> annotations);

  void deleteBinding(String namespace, String name);

  void putException(String namespace, String name, Map<String, String> podLabels);

  /**
   * Creates the pod object (not yet scheduled) as the {@code default} account's; answers its uid.
   */
  default String createPod(
      String namespace, String name, Map<String, String> labels, boolean hostNetwork) {
    return createPod(namespace, name, labels, hostNetwork, "default");
  }

  /**
   * Creates the pod object (not yet scheduled) running as {@code serviceAccount}, which is created
   * first if missing (a real API's admission refuses a pod naming an account that does not exist);
   * answers its uid.
   */
  String createPod(
      String namespace,
      String name,
      Map<String, String> labels,
      boolean hostNetwork,
      String serviceAccount);

  /** Binds the pod to a node ({@code spec.nodeName}), as the scheduler does. */
  void bindPod(String namespace, String name, String nodeName);

  /** Sets {@code status.podIP}, {@code podIPs} and the phase, as the kubelet does. */
  void setPodStatus(String namespace, String name, String podIp, String phase);

  void labelPod(String namespace, String name, Map<String, String> labels);

  void deletePod(String namespace, String name);

  /** Names of the AzureAssignedIdentity objects in a namespace. */
  List<String> assignedIdentities(String namespace);

  /** The pod's IP as the API has it, if the pod exists. */
  Optional<String> podIp(String namespace, String name);

  /**
   * Reports every pod as it is added or changed ({@code seen}) and deleted ({@code gone}) until
   * closed: the stand-in scheduler and kubelet for pods the launcher did not create.
   */
  AutoCloseable watchPods(Consumer<PodSeen> seen, Consumer<PodSeen> gone);

  @Override
  void close();
}
