package dev.podidentity.events.flow;

import java.time.Duration;

/**
 * How long to wait before retrying: the one backoff of every service. The {@code jitter} in [0, 1)
 * comes from the caller, so decisions stay pure and tests choose it.
 */
public final class Backoff {
  /** Share of a server's Retry-After added at most, so callers it throttled don't retry in step. */
  private static final double RETRY_AFTER_SPREAD = 0.2;

  private Backoff() {}

  /**
   * Exponential backoff with equal jitter: for attempt {@code n} (from 0) the ceiling is {@code
   * min(max, base · 2ⁿ)} and the wait is drawn from [ceiling / 2, ceiling). Half the ceiling is
   * always waited, so a storm of failures never collapses to immediate retries; the other half
   * spreads the callers apart.
   */
  public static Duration delay(int attempt, Duration base, Duration max, double jitter) {
    long cap = max.toMillis();
    long exp = base.toMillis() << Math.min(Math.max(attempt, 0), 20);
    long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
    return Duration.ofMillis(ceiling / 2 + (long) (clamp(jitter) * (ceiling / 2.0)));
  }

  /**
   * A server's Retry-After, at least {@code floor}, plus up to a fifth more: the server said when,
   * and the spread keeps everything it throttled at once from coming back at the same instant.
   */
  public static Duration after(Duration retryAfter, Duration floor, double jitter) {
    long ms = Math.max(retryAfter.toMillis(), floor.toMillis());
    return Duration.ofMillis(ms + (long) (clamp(jitter) * ms * RETRY_AFTER_SPREAD));
  }

  private static double clamp(double jitter) {
    return jitter < 0 ? 0 : Math.min(jitter, 0.999_999);
  }
}
