package dev.podidentity.cli.core;

import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.events.authorization.Decision;

/**
 * The NMI's {@link Decision} as the pod would see it over HTTP, after the token contract's rules: a
 * grant is 200 with a token, an exception forwards to IMDS, a wait for a pod ends in 403, a wait
 * for an assignment ends in 503 with Retry-After, a refusal is 403 with its reason.
 */
public final class NmiAnswer {
  private NmiAnswer() {}

  /** One line: what the NMI answers a token request with this decision. */
  public static String http(Decision decision) {
    if (decision instanceof Decision.Grant g) {
      return "200: a token for " + identity(g.identity());
    }
    if (decision instanceof Decision.Bypass b) {
      return "forwarded to IMDS unchecked (exception " + b.exceptionName() + ")";
    }
    if (decision instanceof Decision.WaitForPod) {
      return "waits a few seconds for the pod to appear, then 403 (unknown pod)";
    }
    if (decision instanceof Decision.WaitForAssignment w) {
      return "waits for the assignment of " + w.identity() + ", then 503 with Retry-After";
    }
    if (decision instanceof Decision.Deny d) {
      return "403 (" + d.reason().label() + "): " + d.detail();
    }
    return "503 with Retry-After: " + ((Decision.Stale) decision).detail();
  }

  /** Whether the pod ends up with a token (from the NMI, or from IMDS through an exception). */
  public static boolean getsToken(Decision decision) {
    return decision instanceof Decision.Grant || decision instanceof Decision.Bypass;
  }

  /** The verdict on the answer: a token is ok, a wait is pending, anything else a problem. */
  public static Explanation.Verdict verdict(Decision decision) {
    if (getsToken(decision)) {
      return Explanation.Verdict.OK;
    }
    return decision instanceof Decision.WaitForAssignment
        ? Explanation.Verdict.INFO
        : Explanation.Verdict.PROBLEM;
  }

  /** The conclusion for the pod {@code pod} on node {@code node}. */
  public static String conclusion(String pod, String node, Decision decision) {
    if (decision instanceof Decision.Grant g) {
      return pod + " gets a token for " + identity(g.identity());
    }
    if (decision instanceof Decision.Bypass b) {
      return pod
          + " gets IMDS's answer directly: exception "
          + b.exceptionName()
          + " exempts it from the NMI's check";
    }
    if (decision instanceof Decision.WaitForPod) {
      return pod
          + " does not get a token: the NMI"
          + (node == null ? "" : " on " + node)
          + " does not know the pod (the event log has no record of it)";
    }
    if (decision instanceof Decision.WaitForAssignment w) {
      return pod
          + " does not get a token yet: "
          + w.identity()
          + " is not assigned yet (the NMI waits for it, then answers 503)";
    }
    if (decision instanceof Decision.Deny d) {
      return pod + " does not get a token, because " + d.detail();
    }
    return pod + " does not get a token now: " + ((Decision.Stale) decision).detail();
  }

  static String identity(BoundIdentity id) {
    return id.namespace()
        + "/"
        + id.name()
        + (id.clientId() == null ? "" : " (client id " + id.clientId() + ")");
  }
}
