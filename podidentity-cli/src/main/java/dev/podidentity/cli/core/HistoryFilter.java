package dev.podidentity.cli.core;

import dev.podidentity.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags of {@code podidentity history}, checked: {@code --pod} and {@code --identity} as {@code
 * NAMESPACE/NAME}, {@code --scale-set} as an ARM id or a bare name (ARM names are
 * case-insensitive), {@code --since} as an ISO instant or a duration back from now. Null means "no
 * filter".
 */
public record HistoryFilter(String pod, String identity, String scaleSet, Instant since) {
  private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");

  /** Reads the flags; {@code now} is when a duration counts back from. */
  public static HistoryFilter parse(
      String pod, String identity, String scaleSet, String since, Instant now) {
    return new HistoryFilter(
        namespaced(pod, "--pod"),
        namespaced(identity, "--identity"),
        scaleSet(scaleSet),
        since == null ? null : since(since, now));
  }

  /**
   * Whether the filter keeps {@code e}; {@code identityResourceIds} are the resource ids the
   * assignments give {@link #identity()}, which is how a ledger entry (a bare resource id) matches.
   */
  public boolean matches(HistoryEntry e, Set<String> identityResourceIds) {
    if (since != null && e.time().isBefore(since)) {
      return false;
    }
    if (pod != null && !pod.equals(e.pod())) {
      return false;
    }
    if (identity != null
        && !(Topics.LEDGER.equals(e.topic())
            ? identityResourceIds.contains(e.resourceId())
            : identity.equals(e.identity()))) {
      return false;
    }
    return scaleSet == null
        || scaleSet.equals(scaleSet.startsWith("/") ? e.target() : e.scaleSet());
  }

  /** An ISO instant ({@code 2026-12-06T09:00:00Z}, or with an offset) or 30m, 2h, 7d, 1h30m. */
  static Instant since(String text, Instant now) {
    Matcher m = DURATION.matcher(text);
    Duration back = Duration.ZERO;
    int end = 0;
    while (m.lookingAt()) {
      long n = Long.parseLong(m.group(1));
      back =
          back.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
      m.region(end, text.length());
    }
    if (end > 0 && end == text.length()) {
      return now.minus(back);
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since must be an ISO instant (2026-12-06T09:00:00Z) or a duration back from now"
              + " (30m, 2h, 7d, 1h30m), not: "
              + text);
    }
  }

  private static String namespaced(String value, String flag) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(flag + " must be NAMESPACE/NAME, not: " + value);
    }
    return value;
  }

  private static String scaleSet(String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException("--scale-set must be a scale set's ARM id or name");
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    // A trailing slash is no part of an ARM id; a copied one must still match.
    return lower.length() > 1 && lower.endsWith("/")
        ? lower.substring(0, lower.length() - 1)
        : lower;
  }
}
