package dev.podidentity.events.authorization;

import dev.podidentity.events.PodRecord;

/** The answer of {@link Authorizer} for one request against one view. */
public sealed interface Decision
    permits Decision.Grant,
        Decision.Bypass,
        Decision.WaitForPod,
        Decision.WaitForAssignment,
        Decision.Deny,
        Decision.Stale {

  /** Hand out a token of {@code identity} to {@code pod}. */
  record Grant(PodRecord pod, BoundIdentity identity) implements Decision {}

  /** The pod matches an AzurePodIdentityException: forward the request to IMDS unchanged. */
  record Bypass(PodRecord pod, String exceptionName) implements Decision {}

  /** No pod on this node has the source IP yet; a new pod's IP can reach us before the API. */
  record WaitForPod() implements Decision {}

  /** The pod is bound to the identity but the assignment is not yet {@code ASSIGNED}. */
  record WaitForAssignment(PodRecord pod, String identity) implements Decision {}

  /** Refuse with {@code reason}; {@code detail} is safe to show to the caller. */
  record Deny(DenyReason reason, String detail) implements Decision {}

  /** The view cannot be confirmed current: fail closed. */
  record Stale(String detail) implements Decision {}

  /** Whether the answer may change when the view changes (the request should wait for that). */
  default boolean waits() {
    return this instanceof WaitForPod || this instanceof WaitForAssignment;
  }
}
