package dev.podidentity.events;

/**
 * Record keys. Compaction keeps the latest value per key, so a key names exactly one object.
 *
 * <p>Keys of the pods and assignments topics are {@code <routing>|<pod uid>}: the routing part is
 * the pod's compute target, or {@code node:<name>} for a node without one, and is all the
 * partitioner looks at. Every record of a target therefore lands in one partition number, which a
 * node agent computes from its target alone.
 */
public final class Keys {
  /** Separates the routing part of a key from the rest. Never part of an ARM id or a node name. */
  public static final char ROUTING_SEPARATOR = '|';

  private static final String UNMANAGED_NODE_PREFIX = "node:";

  private Keys() {}

  public static String node(String nodeName) {
    return Require.text(nodeName, "nodeName");
  }

  /** The pods-topic key of a pod on a managed node. */
  public static String pod(ComputeTarget target, String podUid) {
    return target.routingKey() + ROUTING_SEPARATOR + Require.text(podUid, "podUid");
  }

  /** The pods-topic key of a pod whose node has no compute target (unmanaged or not yet seen). */
  public static String podOnUnmanagedNode(String nodeName, String podUid) {
    return UNMANAGED_NODE_PREFIX
        + Require.text(nodeName, "nodeName")
        + ROUTING_SEPARATOR
        + Require.text(podUid, "podUid");
  }

  /** The pods-topic key of this record. */
  public static String of(PodRecord pod) {
    return pod.target() == null
        ? podOnUnmanagedNode(pod.nodeName(), pod.uid())
        : pod(pod.target(), pod.uid());
  }

  /** The assignments-topic key: the same as the pod's, so both share a partition number. */
  public static String of(AssignmentRecord assignment) {
    return pod(assignment.target(), assignment.podUid());
  }

  public static String config(String kind, String namespace, String name) {
    return Require.text(kind, "kind")
        + "/"
        + Require.text(namespace, "namespace")
        + "/"
        + Require.text(name, "name");
  }

  public static String ledger(ComputeTarget target) {
    return target.routingKey();
  }

  /** The pod uid of a pods- or assignments-topic key: everything after the separator. */
  public static String podUidOf(String key) {
    int i = key.lastIndexOf(ROUTING_SEPARATOR);
    return i < 0 ? key : key.substring(i + 1);
  }

  /** The part of a key that decides its partition: everything before the separator, if any. */
  public static String routingOf(String key) {
    int i = key.indexOf(ROUTING_SEPARATOR);
    return i < 0 ? key : key.substring(0, i);
  }
}
