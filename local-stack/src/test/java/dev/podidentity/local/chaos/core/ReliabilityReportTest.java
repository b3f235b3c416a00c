package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReliabilityReportTest {

  private static Figures figures(
      Map<String, Long> hostile, List<Violation> violations, Set<Violation.Kind> tolerated) {
    return new Figures(
        "bin/chaos --seed 7",
        Map.of("pods", 60),
        FaultSchedule.plan(7, 20_000, 14, 2),
        Map.of(FaultKind.KILL_ASSIGNER, 1),
        Map.of(WorkloadStep.CREATE, 70),
        Map.of(TokenOracle.Verdict.OK, 500L, TokenOracle.Verdict.WRONG, 0L),
        0,
        Map.of("status 503", 4L),
        hostile,
        List.of(),
        Convergence.evaluate(0, Set.of("a"), Set.of(), 10, 10, List.of()),
        4000,
        List.of(),
        new MemoryFigures(
            Map.of("assigner", 200_000L),
            Map.of("assigner", 150_000L),
            new MemoryFigures.LiveHeaps(0, Map.of("assigner", 20L << 20)),
            new MemoryFigures.LiveHeaps(30, Map.of("assigner", 40L << 20)),
            new MemoryFigures.LiveHeaps(60, Map.of("assigner", 61L << 20))),
        violations,
        tolerated,
        List.of("assigner exited while starting: no broker"),
        88,
        "7.1 6.0 4.2");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Map.of("unknown-ip status 404", 3L), 0L, List.of(), Set.of(), "None."),
        Arguments.of(
            Map.of("unknown-ip status 503", 2L, "not-bound status 403", 5L),
            2L,
            List.of(Violation.broken("5xx for bad input: unknown-ip status 503 x2")),
            Set.of(),
            "- 5xx for bad input: unknown-ip status 503 x2\n"),
        Arguments.of(
            Map.of(),
            0L,
            List.of(Violation.late("identity converged in 4500 ms, over the bound: id-3")),
            Set.of(Violation.Kind.LATE_CONVERGENCE),
            "over the bound: id-3 (reported, not failed)\n"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void rendersThePromisesTheirFiguresAndTheViolations(
      Map<String, Long> hostile,
      long fiveHundreds,
      List<Violation> violations,
      Set<Violation.Kind> tolerated,
      String listed) {
    String md =
        ReliabilityReport.render(figures(hostile, violations, tolerated), "2026-12-06T15:00:00Z");
    assertThat(ReliabilityReport.fiveHundreds(hostile)).isEqualTo(fiveHundreds);
    assertThat(md)
        .contains("`bin/chaos --seed 7`")
        .contains("| tokens served (legitimate requests) | 500 |")
        .contains("| identities lost | 1 | 0 |")
        .contains("| assigner | 195 | 146 | 20.0 | 40.0 | 61.0 | 76.0 |")
        .contains("Pods alive: 0 at start, 30 at the mark, 60 at the end.")
        .contains("| services whose live heap grew past the bound (Memory, below) | 0 | 0 |")
        .contains("| KILL_ASSIGNER | 1 |")
        .contains("- assigner exited while starting: no broker")
        .contains(listed);
  }
}
