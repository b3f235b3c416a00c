package dev.podidentity.cli.core;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which dead letters {@code deadletter list} shows and {@code show}/{@code reprocess} name: the
 * flags' parsing (times, topics, ids) and the filters, so the command only wires them.
 *
 * @param since only those written at or after it; null for all
 * @param topic only those read from it (its full name); null for all
 * @param service only those this service gave up on; null for all
 */
public record DeadLetterQuery(Instant since, String topic, String service) {
  private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");
  private static final Pattern ID = Pattern.compile("(?:(\\d+):)?(\\d+)");

  /** Whether {@code d} passes every filter that is set. */
  public boolean matches(DeadLetter d) {
    return (since == null || !d.time().isBefore(since))
        && (topic == null || topic.equals(d.originalTopic()))
        && (service == null || service.equals(d.service()));
  }

  public List<DeadLetter> select(List<DeadLetter> all) {
    return all.stream().filter(this::matches).toList();
  }

  /**
   * {@code --since}: an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}: that long before
   * {@code now}) or an instant ({@code 2026-12-06T09:00:00Z}); null stays null.
   */
  public static Instant since(String text, Instant now) {
    if (text == null) {
      return null;
    }
    Matcher m = AGO.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
          };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--since must be an age (90s, 15m, 2h, 7d) or an instant (2026-12-06T09:00:00Z), not "
              + text);
    }
  }

  /**
   * {@code --topic}: a topic's full name or its short one ({@code pods} for {@code
   * podidentity.pods.v1}), among {@code topics}; null stays null.
   */
  public static String topic(String text, List<String> topics) {
    if (text == null) {
      return null;
    }
    for (String t : topics) {
      if (t.equals(text) || t.equals("podidentity." + text + ".v1")) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "--topic must be one of "
            + String.join(", ", topics)
            + " (or its short name), not "
            + text);
  }

  /**
   * The ids as given, checked and made canonical ({@code p0:42} and {@code 0:42} are {@code 42}),
   * each once: checked before the topic is read, so a typo is answered at once.
   *
   * @throws IllegalArgumentException for an id that is not {@code <offset>} or {@code
   *     <partition>:<offset>}
   */
  public static List<String> ids(List<String> ids) {
    return ids.stream().map(DeadLetterQuery::normalId).distinct().toList();
  }

  /**
   * The dead letters canonical {@code ids} (see {@link #ids}) name, in their order; the ids that
   * are not there are reported all at once, as not found.
   *
   * @throws java.util.NoSuchElementException naming the ids that are not there
   */
  public static List<DeadLetter> byIds(List<String> ids, List<DeadLetter> all) {
    Map<String, DeadLetter> byId = new LinkedHashMap<>();
    all.forEach(d -> byId.put(d.id(), d));
    List<DeadLetter> chosen = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      DeadLetter d = byId.get(id);
      if (d == null) {
        missing.add(id);
      } else {
        chosen.add(d);
      }
    }
    if (!missing.isEmpty()) {
      throw new java.util.NoSuchElementException(
          "no dead letter " + String.join(", ", missing) + " (deadletter list shows the ids)");
    }
    return chosen;
  }

  /** {@code 42}, {@code 0:42} and {@code p0:42} are the same id. */
  static String normalId(String id) {
    String text = id.strip();
    if (text.startsWith("p")) {
      text = text.substring(1);
    }
    Matcher m = ID.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a dead letter's id is its offset (42) or <partition>:<offset> (1:42), not " + id);
    }
    int partition = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    long offset = Long.parseLong(m.group(2));
    return partition == 0 ? Long.toString(offset) : partition + ":" + offset;
  }

  /** {@code deadletter list}'s table; the reason cut to its first line, 60 characters. */
  public static Table table(List<DeadLetter> letters) {
    Table table = new Table("ID", "TIME", "SERVICE", "TOPIC", "KEY", "REASON");
    for (DeadLetter d : letters) {
      table.row(
          d.id(),
          d.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
          d.service(),
          d.originalTopic(),
          d.key(),
          d.shortReason(60));
    }
    return table;
  }
}
