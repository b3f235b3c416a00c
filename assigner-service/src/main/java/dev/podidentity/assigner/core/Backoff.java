package dev.podidentity.assigner.core;

import java.time.Duration;

/** Exponential backoff with full jitter ({@code jitter} in [0, 1) comes from the caller). */
public final class Backoff {
  private Backoff() {}

  public static Duration delay(int attempt, Duration base, Duration max, double jitter) {
    long cap = max.toMillis();
    long exp = base.toMillis() << Math.min(Math.max(attempt, 0), 20);
    long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
    return Duration.ofMillis(ceiling / 2 + (long) (jitter * (ceiling / 2.0)));
  }

  /**
   * Retry-After from the cloud plus up to 20 % jitter, so throttled targets don't retry in step.
   */
  public static Duration retryAfter(Duration retryAfter, double jitter) {
    long ms = Math.max(retryAfter.toMillis(), 1000);
    return Duration.ofMillis(ms + (long) (jitter * ms * 0.2));
  }
}
