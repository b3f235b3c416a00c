package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.chaos.core.Convergence.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConvergenceTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "added and removed in time",
            List.of(new Sample(1000, Set.of("x")), new Sample(1500, Set.of("on"))),
            true,
            List.of(),
            List.of(),
            List.of()),
        Arguments.of(
            "wanted identity never arrives: lost",
            List.of(new Sample(1000, Set.of()), new Sample(1500, Set.of())),
            false,
            List.of("on"),
            List.of(),
            List.of()),
        Arguments.of(
            "identity without pods stays: not removed",
            List.of(new Sample(1000, Set.of("on", "x")), new Sample(1500, Set.of("on", "x"))),
            false,
            List.of(),
            List.of("x"),
            List.of()),
        Arguments.of(
            "arrives after the bound: late",
            List.of(new Sample(1000, Set.of()), new Sample(4000, Set.of("on"))),
            false,
            List.of(),
            List.of(),
            List.of("on")),
        Arguments.of(
            "arrives then leaves again: lost at the end",
            List.of(new Sample(1000, Set.of("on")), new Sample(1500, Set.of())),
            false,
            List.of("on"),
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void judgesTheScaleSetAfterTheLastFault(
      String what,
      List<Sample> samples,
      boolean holds,
      List<String> lost,
      List<String> notRemoved,
      List<String> late) {
    Convergence.Result r =
        Convergence.evaluate(1000, Set.of("on"), Set.of("x"), 2000, 2000, samples);
    assertThat(r.holds()).isEqualTo(holds);
    assertThat(r.lost()).isEqualTo(lost);
    assertThat(r.notRemoved()).isEqualTo(notRemoved);
    assertThat(r.late()).isEqualTo(late);
  }

  @ParameterizedTest(name = "settling times {0}")
  @MethodSource("times")
  void timesAreFromTheLastFaultToTheStableState(List<Sample> samples, Map<String, Long> want) {
    Convergence.Result r =
        Convergence.evaluate(1000, Set.of("on"), Set.of("x"), 9000, 9000, samples);
    assertThat(r.times()).isEqualTo(want);
    assertThat(r.max())
        .isEqualTo(want.values().stream().mapToLong(Long::longValue).max().orElse(0));
  }

  static Stream<Arguments> times() {
    return Stream.of(
        Arguments.of(
            List.of(
                new Sample(1000, Set.of("x")),
                new Sample(1300, Set.of("on", "x")),
                new Sample(1600, Set.of("on"))),
            Map.of("on", 300L, "x", 600L)),
        Arguments.of(
            List.of(
                new Sample(1000, Set.of("on")),
                new Sample(1200, Set.of()),
                new Sample(2000, Set.of("on"))),
            Map.of("on", 1000L, "x", 0L)));
  }
}
