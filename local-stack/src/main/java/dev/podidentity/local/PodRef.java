package dev.podidentity.local;

/**
 * A pod the stack scheduled: its node, its (loopback) IP and its service account ({@code
 * spec.serviceAccountName}, {@code default} when the pod names none, as admission sets it).
 */
public record PodRef(
    String namespace, String name, String uid, String ip, SimNode node, String serviceAccount) {

  /** A pod of its namespace's {@code default} service account. */
  public PodRef(String namespace, String name, String uid, String ip, SimNode node) {
    this(namespace, name, uid, ip, node, DEFAULT_ACCOUNT);
  }

  public static final String DEFAULT_ACCOUNT = "default";
}
