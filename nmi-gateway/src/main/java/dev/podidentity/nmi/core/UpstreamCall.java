package dev.podidentity.nmi.core;

/**
 * When an upstream call (IMDS, Entra, the Kubernetes API for a federated identity's service-account
 * token) ran, on {@link System#nanoTime}'s clock: from the moment the NMI handed it to its client
 * (IMDS's per-VM limit and retry waits included: they are the upstream's terms) to the moment its
 * answer's body was read. What a token request spent beyond that is the NMI's own time.
 */
public record UpstreamCall(long startNanos, long endNanos) {

  /**
   * The part of this call inside a request received at {@code receivedNanos}: all of it for the
   * request that started it, the rest for a request that joined it under way (single flight).
   */
  public long nanosSince(long receivedNanos) {
    return Math.max(0, endNanos - Math.max(startNanos, receivedNanos));
  }

  /**
   * The same call begun earlier, at {@code earlierStartNanos}: a call that needed another first.
   */
  public UpstreamCall from(long earlierStartNanos) {
    return new UpstreamCall(Math.min(startNanos, earlierStartNanos), endNanos);
  }
}
