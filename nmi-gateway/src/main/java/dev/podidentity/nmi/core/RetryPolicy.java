package dev.podidentity.nmi.core;

import dev.podidentity.events.flow.Backoff;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to retry an IMDS answer and how long to wait: IMDS asks for retries on 429 and 5xx, and
 * answers 404 / 410 while a newly assigned identity is still being wired to the VM. Waits grow
 * exponentially from {@code baseMillis} up to {@code maxMillis}, honour {@code Retry-After}, and
 * never run past the request's deadline.
 */
public record RetryPolicy(long baseMillis, long maxMillis, DoubleSupplier jitter) {
  public RetryPolicy {
    if (baseMillis <= 0 || maxMillis < baseMillis) {
      throw new IllegalArgumentException("need 0 < baseMillis <= maxMillis");
    }
  }

  /** Jitter drawn at random for each wait: what the services run with. */
  public RetryPolicy(long baseMillis, long maxMillis) {
    this(baseMillis, maxMillis, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** Whether an answer with this HTTP status (0 for a connection failure) is worth retrying. */
  public static boolean retriable(int status) {
    return status == 0 || status == 404 || status == 410 || status == 429 || status >= 500;
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempt counts from 1), or -1 when the wait would
   * end after {@code deadlineMillis} and the caller should give up now. The wait is the common
   * {@link Backoff}, so the pods of a node that all failed at once do not retry at once.
   */
  public long delayMillis(int attempt, long retryAfterMillis, long nowMillis, long deadlineMillis) {
    double jitter = this.jitter.getAsDouble();
    long delay =
        Backoff.delay(
                attempt - 1, Duration.ofMillis(baseMillis), Duration.ofMillis(maxMillis), jitter)
            .toMillis();
    if (retryAfterMillis > 0) {
      delay =
          Math.max(
              delay,
              Backoff.after(Duration.ofMillis(retryAfterMillis), Duration.ZERO, jitter).toMillis());
    }
    return nowMillis + delay >= deadlineMillis ? -1 : delay;
  }

  /** A JSON number or numeric string (IMDS sends numbers as strings), else 0. */
  public static long longOf(Object v) {
    try {
      if (v instanceof Number n) {
        return n.longValue();
      }
      return v instanceof String s ? Long.parseLong(s.trim()) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
