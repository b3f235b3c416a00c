package dev.podidentity.assigner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each decision leaves out: the target's own, then one refused-before identity at a time. */
class ProbationRulesTest {
  @Test
  void theTargetsOwnDecisionLeavesOutTheQuarantinedAndTheRefusedBefore() {
    assertThat(Probation.excluded(Set.of("q"), Set.of("r1", "r2")))
        .containsExactlyInAnyOrder("q", "r1", "r2");
    assertThat(Probation.excluded(Set.of(), Set.of())).isEmpty();
  }

  @Test
  void eachTryLeavesOutAllButOneRefusedBeforeInTheirOrder() {
    assertThat(Probation.alone(Set.of("q"), Set.of("r2", "r1")))
        .isEqualTo(List.of(Set.of("q", "r2"), Set.of("q", "r1")));
    assertThat(Probation.alone(Set.of("q"), Set.of())).isEmpty();
  }
}
