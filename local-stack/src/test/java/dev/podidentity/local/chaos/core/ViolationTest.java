package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.chaos.core.Violation.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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
}
