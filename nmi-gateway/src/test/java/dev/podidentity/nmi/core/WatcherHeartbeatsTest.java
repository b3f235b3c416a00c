package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which heartbeat a reached goal vouches for: only those below it, the newest as-of time. */
class WatcherHeartbeatsTest {

  /** Heartbeats handled (offset, as-of), then goals reached in turn, and what each answers. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no heartbeat yet", List.of(), List.of(5L), List.of(0L)),
        Arguments.of("the topic not read", List.of(beat(0, 100)), nullGoal(), List.of(0L)),
        Arguments.of(
            "below the goal", List.of(beat(0, 100), beat(1, 200)), List.of(2L), List.of(200L)),
        Arguments.of(
            "one written after the end offsets were taken does not count for them",
            List.of(beat(0, 100), beat(1, 200)),
            List.of(1L, 2L),
            List.of(100L, 200L)),
        Arguments.of(
            "a silent watcher: later goals vouch for nothing newer",
            List.of(beat(0, 100)),
            List.of(1L, 1L, 1L),
            List.of(100L, 100L, 100L)),
        Arguments.of(
            "an older leader's late beat never moves the time back",
            List.of(beat(0, 300), beat(1, 250)),
            List.of(2L),
            List.of(300L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void vouchesForTheNewestHeartbeatBelowEachReachedGoal(
      String name, List<long[]> beats, List<Long> goals, List<Long> answers) {
    WatcherHeartbeats heartbeats = new WatcherHeartbeats();
    beats.forEach(b -> heartbeats.handled(b[0], b[1]));

    List<Long> got = goals.stream().map(heartbeats::reached).toList();

    assertThat(got).isEqualTo(answers);
    assertThat(heartbeats.vouchedAt()).isEqualTo(answers.get(answers.size() - 1));
  }

  private static long[] beat(long offset, long asOf) {
    return new long[] {offset, asOf};
  }

  private static List<Long> nullGoal() {
    return java.util.Arrays.asList((Long) null);
  }
}
