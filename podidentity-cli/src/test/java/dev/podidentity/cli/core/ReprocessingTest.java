package dev.podidentity.cli.core;

import static dev.podidentity.cli.core.DeadLetterTest.NAMES;
import static dev.podidentity.cli.core.DeadLetterTest.T;
import static dev.podidentity.cli.core.DeadLetterTest.letter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What reprocess does with a dead letter, given what its original topic holds now. */
class ReprocessingTest {
  private static final Set<String> TOPICS = Set.of(Topics.PODS, Topics.CONFIG);

  /** The dead letters' records are at pods-3@17 (see DeadLetterTest.letter). */
  private static LogRecord at(int partition, long offset, String key, boolean tombstone) {
    return new LogRecord(
        Topics.PODS, partition, offset, 0, key, tombstone ? null : new byte[] {1}, Map.of());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "its record is still the key's latest",
            Topics.PODS,
            "k",
            List.of(at(3, 17, "k", false)),
            "retry"),
        Arguments.of(
            "another key was written since",
            Topics.PODS,
            "k",
            List.of(at(3, 17, "k", false), at(3, 18, "x", false)),
            "retry"),
        Arguments.of(
            "the key has a newer state",
            Topics.PODS,
            "k",
            List.of(at(3, 17, "k", false), at(3, 20, "k", false)),
            "superseded: key k has a newer record at podidentity.pods.v1-3@20"),
        Arguments.of(
            "the key was deleted since",
            Topics.PODS,
            "k",
            List.of(at(3, 17, "k", false), at(3, 21, "k", true)),
            "superseded: key k has a newer tombstone at podidentity.pods.v1-3@21"),
        Arguments.of(
            "the key is gone",
            Topics.PODS,
            "k",
            List.of(),
            "superseded: key k is gone from podidentity.pods.v1"),
        Arguments.of(
            "not a contract topic",
            "other.topic",
            "k",
            List.of(),
            "refused: other.topic is not a state topic of the contract"),
        Arguments.of(
            "the dead-letter topic itself",
            Topics.DEADLETTER,
            "k",
            List.of(),
            "refused: podidentity.deadletter.v1 is not a state topic of the contract"),
        Arguments.of(
            "no key",
            Topics.PODS,
            null,
            List.of(),
            "refused: it has no key (every record of the contract has one)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aDeadLetterIsRetriedOnlyWhileItsRecordIsTheKeysLatest(
      String why, String topic, String key, List<LogRecord> inTopic, String expected) {
    DeadLetter d = letter(9, topic, key, "assigner-service", T);

    List<Reprocessing.Step> steps =
        Reprocessing.plan(
            List.of(d), TOPICS, Map.of(Topics.PODS, Reprocessing.latestByKey(inTopic)), NAMES);

    assertThat(steps).hasSize(1);
    if (expected.equals("retry")) {
      Reprocessing.Retry retry = (Reprocessing.Retry) steps.get(0);
      assertThat(retry.record().topic()).isEqualTo(Topics.PODS);
      assertThat(retry.record().key()).isEqualTo("k");
      assertThat(retry.record().value()).isEqualTo(d.value());
      assertThat(retry.record().headers())
          .isEqualTo(d.originalHeaders(NAMES))
          .containsKey("ce_type");
      assertThat(retry.record().headers().keySet()).noneMatch(h -> h.startsWith("dead-letter"));
    } else {
      Reprocessing.Skip skip = (Reprocessing.Skip) steps.get(0);
      assertThat(skip.why()).isEqualTo(expected);
      assertThat(skip.refused()).isEqualTo(expected.startsWith("refused"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSecondDeadLetterOfTheSameRecordIsRetriedOnce(
      String why, String topic, String key, List<LogRecord> inTopic, String expected) {
    DeadLetter byAssigner = letter(9, topic, key, "assigner-service", T);
    DeadLetter byNmi = letter(10, topic, key, "nmi-gateway", T);

    List<Reprocessing.Step> steps =
        Reprocessing.plan(
            List.of(byAssigner, byNmi),
            TOPICS,
            Map.of(Topics.PODS, Reprocessing.latestByKey(inTopic)),
            NAMES);

    long retries = steps.stream().filter(s -> s instanceof Reprocessing.Retry).count();
    assertThat(retries).isEqualTo(expected.equals("retry") ? 1 : 0);
    if (expected.equals("retry")) {
      assertThat(((Reprocessing.Skip) steps.get(1)).why())
          .isEqualTo("same record as dead letter 9, retried once");
    }
  }
}
