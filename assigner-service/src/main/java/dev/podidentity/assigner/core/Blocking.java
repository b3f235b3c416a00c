package dev.podidentity.assigner.core;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Blocked;
import dev.podidentity.events.LedgerRecord.Cause;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the ledger says while a target's pending change waits ({@link LedgerRecord#blocked()}): the
 * wall-clock instant of the next attempt and why, in words a person reads in {@code podidentity
 * explain pod}. It is for people only: nothing in the assigner decides by it.
 */
public final class Blocking {
  /**
   * A new instant this close to the written one, for the same cause and reason, is not written
   * again: the run clock and the wall clock drift apart by microseconds between two runs, and a
   * target woken often while it waits must not rewrite its ledger each time.
   */
  public static final Duration SLACK = Duration.ofSeconds(1);

  private Blocking() {}

  /**
   * The wall-clock instant {@code waitNanos} after {@code now}, to the millisecond (the wire's).
   */
  public static Instant until(Instant now, long waitNanos) {
    return now.plusNanos(waitNanos).truncatedTo(ChronoUnit.MILLIS);
  }

  /** ARM answered 429; {@code retryAfter} is what it asked for, null when it did not say. */
  public static Blocked throttled(Instant until, Duration retryAfter) {
    return new Blocked(
        until,
        Cause.THROTTLED,
        retryAfter == null
            ? "ARM 429 without Retry-After"
            : "ARM 429, Retry-After " + seconds(retryAfter));
  }

  /**
   * A backoff after the {@code failures}th failure in a row of kind {@code kind} (null: an error
   * nobody classified).
   */
  public static Blocked backoff(Instant until, CloudFailure kind, int failures) {
    return new Blocked(
        until,
        Cause.BACKOFF,
        "backing off after " + what(kind) + " (" + ordinal(failures) + " failure)");
  }

  /**
   * The assigner's own PATCH budget has no token: {@code perMinute} on the target (of {@code
   * kind}), or on its subscription when {@code subscription}.
   */
  public static Blocked budget(
      Instant until, ComputeTarget.Kind kind, boolean subscription, int perMinute) {
    String per =
        subscription
            ? "per subscription"
            : kind == ComputeTarget.Kind.SCALE_SET ? "per scale set" : "per VM";
    return new Blocked(
        until, Cause.BUDGET, "own budget: " + perMinute + " PATCH per minute " + per);
  }

  /**
   * The ledger of {@code target} with {@code next} as its {@code blocked}; {@code current} itself
   * when that changes nothing worth writing ({@link #changed}). A target without a ledger gets one
   * owning nothing, but only to say that it waits.
   */
  public static LedgerRecord on(ComputeTarget target, LedgerRecord current, Blocked next) {
    if (!changed(current == null ? null : current.blocked(), next)) {
      return current;
    }
    return current == null
        ? new LedgerRecord(Event.CURRENT_SCHEMA_VERSION, target, List.of(), null, next)
        : current.withBlocked(next);
  }

  /**
   * Whether {@code next} is worth a ledger write over {@code written}: it appears, goes, changes
   * cause or reason, or moves by more than {@link #SLACK}.
   */
  public static boolean changed(Blocked written, Blocked next) {
    if (written == null || next == null) {
      return written != next;
    }
    if (written.cause() != next.cause() || !Objects.equals(written.reason(), next.reason())) {
      return true;
    }
    return Duration.between(written.until(), next.until()).abs().compareTo(SLACK) > 0;
  }

  private static String what(CloudFailure kind) {
    if (kind == null) {
      return "an unexpected error";
    }
    switch (kind) {
      case CONFLICT:
        return "409 Conflict";
      case TARGET_NOT_FOUND:
        return "404 Not Found (the target is gone)";
      case TRANSIENT:
        return "an unknown outcome (5xx, timeout or lost answer)";
      case THROTTLED:
        return "429 Too Many Requests";
      default:
        return "a refused identity";
    }
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0
        ? millis / 1000 + "s"
        : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  static String ordinal(int n) {
    int mod100 = n % 100;
    if (mod100 >= 11 && mod100 <= 13) {
      return n + "th";
    }
    switch (n % 10) {
      case 1:
        return n + "st";
      case 2:
        return n + "nd";
      case 3:
        return n + "rd";
      default:
        return n + "th";
    }
  }
}
