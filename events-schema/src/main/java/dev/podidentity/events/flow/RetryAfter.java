package dev.podidentity.events.flow;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one reader of a server's "when to come back": Azure's {@code retry-after-ms} (ARM, Entra),
 * else {@code Retry-After} in whole seconds (IMDS, ARM) or as an HTTP date (RFC 9110). Anything
 * else, negative or unreadable, is no answer: the caller's own backoff applies. Values are capped
 * at a day, so a hostile or broken header cannot park a caller forever or overflow a clock.
 */
public final class RetryAfter {
  static final Duration MAX = Duration.ofDays(1);
  private static final int MAX_DIGITS = 12;

  private RetryAfter() {}

  /**
   * The wait the headers ask for, or null when they ask for none.
   *
   * @param retryAfterMs the {@code retry-after-ms} header, or null
   * @param retryAfter the {@code Retry-After} header, or null
   * @param nowEpochMillis the current time, for the HTTP-date form
   */
  public static Duration parse(String retryAfterMs, String retryAfter, long nowEpochMillis) {
    Long ms = digits(retryAfterMs);
    if (ms != null) {
      return cap(Duration.ofMillis(ms));
    }
    if (retryAfter == null) {
      return null;
    }
    Long seconds = digits(retryAfter);
    if (seconds != null) {
      return cap(Duration.ofSeconds(seconds));
    }
    return date(retryAfter.trim(), nowEpochMillis);
  }

  /** {@link #parse} in milliseconds, 0 when no wait is asked for. */
  public static long millis(String retryAfterMs, String retryAfter, long nowEpochMillis) {
    Duration d = parse(retryAfterMs, retryAfter, nowEpochMillis);
    return d == null ? 0 : d.toMillis();
  }

  private static Long digits(String header) {
    if (header == null) {
      return null;
    }
    String s = header.trim();
    if (s.isEmpty() || s.length() > MAX_DIGITS) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(s);
  }

  private static Duration date(String header, long nowEpochMillis) {
    try {
      long at =
          ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return cap(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
