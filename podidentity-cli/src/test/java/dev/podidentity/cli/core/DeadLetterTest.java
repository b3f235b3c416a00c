package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.cli.engine.DeadletterCommand;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A dead letter read from its record, and the flags that choose dead letters. */
class DeadLetterTest {
  static final DeadLetter.Names NAMES = DeadletterCommand.NAMES;
  static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

  /** A dead letter at {@code offset} of a record read from {@code topic}-3@17 under {@code key}. */
  static DeadLetter letter(long offset, String topic, String key, String service, Instant time) {
    Map<String, String> h = new HashMap<>();
    h.put(DeadLetters.TOPIC, topic);
    h.put(DeadLetters.PARTITION, "3");
    h.put(DeadLetters.OFFSET, "17");
    h.put(DeadLetters.REASON, "missing field nodeName\nat line 1");
    h.put(DeadLetters.EXCEPTION, "dev.podidentity.events.EventParseException");
    h.put(DeadLetters.SERVICE, service);
    h.put("dead-letter-cause", "x");
    h.put("ce_type", "dev.podidentity.pod.v1");
    h.put("podidentity-node", "node-1");
    byte[] value = "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
    return DeadLetter.of(
        new LogRecord(Topics.DEADLETTER, 0, offset, time.toEpochMilli(), key, value, h), NAMES);
  }

  @Test
  void readsWhereWhyAndWhoFromTheHeadersAndKeepsTheOriginalHeadersApart() {
    DeadLetter d = letter(42, Topics.PODS, "k", "assigner-service", T);

    assertThat(d.id()).isEqualTo("42");
    assertThat(d.origin()).isEqualTo("podidentity.pods.v1-3@17");
    assertThat(d.service()).isEqualTo("assigner-service");
    assertThat(d.exceptionClass()).endsWith("EventParseException");
    assertThat(d.shortReason(60)).isEqualTo("missing field nodeName");
    assertThat(d.shortReason(8)).isEqualTo("missing…");
    assertThat(d.originalHeaders(NAMES))
        .isEqualTo(Map.of("ce_type", "dev.podidentity.pod.v1", "podidentity-node", "node-1"));
    assertThat(d.valueShown()).isEqualTo("{\"schemaVersion\":1}");
  }

  @Test
  void missingHeadersReadAsUnknownNotAsZero() {
    DeadLetter d =
        DeadLetter.of(new LogRecord(Topics.DEADLETTER, 2, 5, 0, null, null, Map.of()), NAMES);

    assertThat(d.id()).isEqualTo("2:5");
    assertThat(d.originalTopic()).isEmpty();
    assertThat(d.originalPartition()).isEqualTo(-1);
    assertThat(d.originalOffset()).isEqualTo(-1);
    assertThat(d.origin()).isEmpty();
    assertThat(d.valueShown()).isEqualTo("<tombstone>");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7b2261223a317d | {\"a\":1}",
        "68c3a9 | hé",
        "00ff10 | base64:AP8Q (3 bytes)",
        "c328 | base64:wyg= (2 bytes)",
        "6101 | base64:YQE= (2 bytes)",
      })
  void aValueIsShownAsTextWhenItIsTextElseAsBase64AndItsLength(String hex, String shown) {
    byte[] value = java.util.HexFormat.of().parseHex(hex);
    DeadLetter d =
        DeadLetter.of(new LogRecord(Topics.DEADLETTER, 0, 1, 0, "k", value, Map.of()), NAMES);

    assertThat(d.valueShown()).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "90s, 2026-12-06T08:58:30Z",
    "15m, 2026-12-06T08:45:00Z",
    "2H, 2026-12-06T07:00:00Z",
    "7d, 2026-11-29T09:00:00Z",
    "2026-12-01T00:00:00Z, 2026-12-01T00:00:00Z",
  })
  void sinceIsAnAgeOrAnInstant(String flag, String instant) {
    assertThat(DeadLetterQuery.since(flag, T)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"yesterday", "15", "-2h", "2026-12-01"})
  void aMalformedSinceNamesTheFlagAndTheForms(String flag) {
    assertThatThrownBy(() -> DeadLetterQuery.since(flag, T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--since")
        .hasMessageContaining("15m");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pods, podidentity.pods.v1",
    "podidentity.config.v1, podidentity.config.v1",
    "ledger, podidentity.ledger.v1",
  })
  void aTopicIsNamedInFullOrShort(String flag, String topic) {
    List<String> topics = List.of(Topics.PODS, Topics.CONFIG, Topics.LEDGER);
    assertThat(DeadLetterQuery.topic(flag, topics)).isEqualTo(topic);
    assertThatThrownBy(() -> DeadLetterQuery.topic("deadletter", topics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--topic");
  }

  @ParameterizedTest(name = "since {0}, topic {1}, service {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, -, 0 1 2",
        "2026-12-06T09:30:00Z, -, -, 1 2",
        "-, podidentity.config.v1, -, 2",
        "-, -, nmi-gateway, 1",
        "2026-12-06T09:30:00Z, podidentity.pods.v1, assigner-service, ''",
      })
  void filtersKeepWhatPassesEverySetOne(String since, String topic, String service, String ids) {
    List<DeadLetter> all =
        List.of(
            letter(0, Topics.PODS, "a", "assigner-service", T),
            letter(1, Topics.PODS, "b", "nmi-gateway", T.plusSeconds(3600)),
            letter(2, Topics.CONFIG, "c", "assigner-service", T.plusSeconds(7200)));
    DeadLetterQuery q =
        new DeadLetterQuery(since == null ? null : Instant.parse(since), topic, service);

    assertThat(String.join(" ", q.select(all).stream().map(DeadLetter::id).toList()))
        .isEqualTo(ids);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"42, 42", "p0:42, 42", "0:42, 42", "' 3:7 ', 3:7", "p3:7, 3:7"})
  void idsAreOffsetsWithAnOptionalPartition(String id, String normal) {
    assertThat(DeadLetterQuery.normalId(id)).isEqualTo(normal);
  }

  @Test
  void idsNameDeadLettersOnceEachAndReportEveryMissingOne() {
    List<DeadLetter> all =
        List.of(letter(0, Topics.PODS, "a", "s", T), letter(1, Topics.PODS, "b", "s", T));

    assertThat(DeadLetterQuery.byIds(DeadLetterQuery.ids(List.of("1", "p0:1", "0")), all))
        .extracting(DeadLetter::id)
        .containsExactly("1", "0");
    assertThatThrownBy(() -> DeadLetterQuery.byIds(List.of("0", "5", "6"), all))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("5, 6");
    assertThatThrownBy(() -> DeadLetterQuery.ids(List.of("1", "x1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<partition>:<offset>");
  }

  @Test
  void theListTableShowsOneLinePerDeadLetter() {
    List<String> lines =
        DeadLetterQuery.table(List.of(letter(4, Topics.PODS, "key-1", "nmi-gateway", T))).lines();

    assertThat(lines.get(0)).matches("ID +TIME +SERVICE +TOPIC +KEY +REASON");
    assertThat(lines.get(1))
        .matches(
            "4 +2026-12-06T09:00:00Z +nmi-gateway +podidentity.pods.v1 +key-1 +missing field"
                + " nodeName");
  }
}
