package dev.podidentity.cli.core;

import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Blocked;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A target's wait as the assigner's ledger says it ({@link LedgerRecord#blocked()}: ARM throttled
 * it, a backoff after a failure, or the assigner's own budget), told relative to {@code now}:
 * {@code throttled until 12:00:30Z (in 25 s): ARM 429, Retry-After 30s}, or, once that instant has
 * passed and no newer record came, {@code was throttled until 12:00:30Z (25 s ago), retrying}.
 */
public record Waiting(Blocked blocked, Instant now) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The ledger's wait, or null when it has none (nothing waits, or an older assigner wrote it). */
  public static Waiting of(LedgerRecord ledger, Instant now) {
    return ledger == null || ledger.blocked() == null ? null : new Waiting(ledger.blocked(), now);
  }

  /** Whether the wait is still ahead. */
  public boolean ahead() {
    return blocked.until().isAfter(now);
  }

  /** One line for a person, with the reason. */
  public String text() {
    String reason = blocked.reason() == null ? "" : ": " + blocked.reason();
    if (ahead()) {
      return verb() + " until " + when() + " (in " + span(blocked.until()) + ")" + reason;
    }
    return "was "
        + verb()
        + " until "
        + when()
        + " ("
        + span(blocked.until())
        + " ago)"
        + reason
        + "; retrying";
  }

  /**
   * Short, for a table cell: {@code throttled until 12:00:30Z (in 25 s)}; past waits say nothing.
   */
  public String cell() {
    return ahead() ? verb() + " until " + when() + " (in " + span(blocked.until()) + ")" : "";
  }

  /** For {@code -o json|yaml}: the instant, cause and reason as written, and whether it is over. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("until", blocked.until().toString());
    m.put("cause", blocked.cause().name());
    m.put("reason", blocked.reason());
    m.put("over", !ahead());
    return m;
  }

  private String verb() {
    switch (blocked.cause()) {
      case THROTTLED:
        return "throttled";
      case BACKOFF:
        return "backing off";
      case BUDGET:
        return "waiting for budget";
      default:
        return "waiting";
    }
  }

  /** The time of day, with the date when it is not today's (a Retry-After may reach a day). */
  private String when() {
    Instant until = blocked.until();
    boolean sameDay =
        until
            .atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .equals(now.atOffset(ZoneOffset.UTC).toLocalDate());
    return sameDay
        ? TIME.format(until)
        : until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** How far {@code until} is from now, rounded up to what a person counts in. */
  private String span(Instant until) {
    Duration d = Duration.between(now, until).abs();
    long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    if (seconds < 120) {
      return seconds + " s";
    }
    long minutes = (seconds + 59) / 60;
    if (minutes < 120) {
      return minutes + " min";
    }
    return (minutes + 59) / 60 + " h";
  }
}
