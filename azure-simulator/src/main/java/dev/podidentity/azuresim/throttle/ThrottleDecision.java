package dev.podidentity.azuresim.throttle;

/**
 * The outcome of a budget check.
 *
 * @param retryAfterMillis real milliseconds until the request would be allowed (0 if allowed)
 * @param remainingHeader value for {@code x-ms-ratelimit-remaining-resource}
 * @param policy the name of the exhausted policy, or null if allowed
 */
public record ThrottleDecision(
    boolean allowed, long retryAfterMillis, String remainingHeader, String policy) {

  /** Retry-After is whole seconds; never 0 on a 429, or clients would spin. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfterMillis + 999) / 1000);
  }
}
