package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.chaos.core.Violation.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ViolationTest {
  private static final Violation WRONG = Violation.broken("token to a wrong pod: p1");
  // Worded like a broken promise on purpose: the kind decides, not the text.
  private static final Violation LATE = Violation.late("identity lost? converged in 4500 ms: id");

  static Stream<Arguments> cases() {
    Set<Kind> none = EnumSet.noneOf(Kind.class);
    Set<Kind> late = EnumSet.of(Kind.LATE_CONVERGENCE);
    return Stream.of(
        Arguments.of(List.of(), none, 0, 0),
        Arguments.of(List.of(), late, 0, 0),
        Arguments.of(List.of(LATE), none, 1, 1),
        Arguments.of(List.of(LATE), late, 0, 0),
        Arguments.of(List.of(WRONG), late, 1, 1),
        Arguments.of(List.of(WRONG, LATE, LATE), late, 1, 1),
        Arguments.of(List.of(WRONG, LATE), none, 2, 1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void theKindDecidesWhetherAViolationFailsTheRun(
      List<Violation> all, Set<Kind> tolerated, int failing, int exitCode) {
    assertThat(Violation.failing(all, tolerated)).hasSize(failing);
    assertThat(Violation.exitCode(all, tolerated)).isEqualTo(exitCode);
  }

  @Test
  void everyBrokenPromiseOfTheFiguresIsOneViolationOfItsKind() {
    long mib = 1L << 20;
    Convergence.Result convergence =
        Convergence.evaluate(
            0,
            Set.of("lost", "late"),
            Set.of("stays"),
            1_000,
            1_000,
            List.of(
                new Convergence.Sample(0, Set.of("stays")),
                new Convergence.Sample(2_000, Set.of("stays", "late"))));
    List<Violation> all =
        Violation.among(
            List.of("token to a wrong pod: p1"),
            List.of("kubelet on vmss-a at +3 s"),
            convergence,
            List.of("vmss-a: id-7 owned, not there"),
            new MemoryFigures(
                Map.of(),
                Map.of(),
                MemoryFigures.LiveHeaps.NONE,
                new MemoryFigures.LiveHeaps(10, Map.of("nmi-0", 20 * mib)),
                new MemoryFigures.LiveHeaps(10, Map.of("nmi-0", 60 * mib))),
            Map.of("unknown-ip status 500", 2L, "unknown-ip status 403", 9L));

    assertThat(all)
        .extracting(Violation::text)
        .containsExactlyInAnyOrder(
            "token to a wrong pod: p1",
            "identity wrongly removed: kubelet on vmss-a at +3 s",
            "identity lost (not on the scale set): lost",
            "identity not removed: stays",
            "identity converged in 2000 ms, over the bound: late",
            "ledger and Azure disagree: vmss-a: id-7 owned, not there",
            "memory grew: nmi-0: live heap 60.0 MiB at the end with 10 pods, allowed 36.0 MiB"
                + " (20.0 MiB at the mark with 10 pods, n/a MiB at start)",
            "5xx for bad input: unknown-ip status 500 x2");
    assertThat(all)
        .filteredOn(v -> v.kind() == Kind.LATE_CONVERGENCE)
        .extracting(Violation::text)
        .containsExactly("identity converged in 2000 ms, over the bound: late");
  }
}
