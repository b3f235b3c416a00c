package dev.podidentity.nmi.core;

/**
 * When to retry an IMDS answer and how long to wait: IMDS asks for retries on 429 and 5xx, and
 * answers 404 / 410 while a newly assigned identity is still being wired to the VM. Waits grow
 * exponentially from {@code baseMillis} up to {@code maxMillis}, honour {@code Retry-After}, and
 * never run past the request's deadline.
 */
public record RetryPolicy(long baseMillis, long maxMillis) {
  public RetryPolicy {
    if (baseMillis <= 0 || maxMillis < baseMillis) {
      throw new IllegalArgumentException("need 0 < baseMillis <= maxMillis");
    }
  }

  /** Whether an answer with this HTTP status (0 for a connection failure) is worth retrying. */
  public static boolean retriable(int status) {
    return status == 0 || status == 404 || status == 410 || status == 429 || status >= 500;
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempt counts from 1), or -1 when the wait would
   * end after {@code deadlineMillis} and the caller should give up now.
   */
  public long delayMillis(int attempt, long retryAfterMillis, long nowMillis, long deadlineMillis) {
    long exp = baseMillis << Math.min(Math.max(attempt - 1, 0), 20);
    long delay = Math.min(exp, maxMillis);
    if (retryAfterMillis > 0) {
      delay = Math.max(delay, retryAfterMillis);
    }
    return nowMillis + delay >= deadlineMillis ? -1 : delay;
  }

  /** A {@code Retry-After} header in whole seconds (the form IMDS and Entra send), else 0. */
  public static long retryAfterMillis(String header) {
    if (header == null || header.isBlank() || header.length() > 6) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
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
