package dev.podidentity.events.authorization;

/** Why a request is refused. Each maps to one bounded metrics label and one error message. */
public enum DenyReason {
  /** The source IP is no known pod on this node (after the short wait for a new pod). */
  UNKNOWN_POD("unknown_pod"),
  /** The source IP belongs to host-network pods, which share the node's IP: never authorised. */
  HOST_NETWORK("host_network"),
  /** The pod is terminating or has terminated. */
  POD_NOT_ACTIVE("pod_not_active"),
  /** The pod matches no valid binding to a valid identity. */
  NOT_BOUND("not_bound"),
  /** The pod asked for an identity it is not bound to. */
  IDENTITY_NOT_BOUND("identity_not_bound"),
  /** The assigner could not assign the identity; the reason is passed on. */
  ASSIGNMENT_FAILED("assignment_failed");

  private final String label;

  DenyReason(String label) {
    this.label = label;
  }

  /** The metrics label and error-code suffix; a fixed, small set. */
  public String label() {
    return label;
  }
}
