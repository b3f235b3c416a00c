package dev.podidentity.assigner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each decision leaves out: the target's own, then the probation round's. */
class ProbationRulesTest {
  @Test
  void theTargetsOwnDecisionLeavesOutTheQuarantinedAndTheRefusedBefore() {
    assertThat(Probation.excluded(Set.of("q"), Set.of("r1", "r2")))
        .containsExactlyInAnyOrder("q", "r1", "r2");
    assertThat(Probation.excluded(Set.of(), Set.of())).isEmpty();
  }

  @Test
  void aRoundLeavesOutTheQuarantinedAndWhatItSawRefusedAgainButNoRefusedBeforeOne() {
    assertThat(Probation.round(Set.of("q"), Set.of("r1"))).containsExactlyInAnyOrder("q", "r1");
    assertThat(Probation.round(Set.of("q"), Set.of()))
        .as("a new round tries every identity refused before")
        .containsExactly("q");
  }

  @Test
  void quarantinesDueWithinASecondOfTheFirstToEndEndWithIt() {
    long second = Probation.TOGETHER.toNanos();
    assertThat(Probation.quarantinesEndBy(10 * second, 10 * second))
        .as("the first has just ended")
        .isEqualTo(11 * second);
    assertThat(Probation.quarantinesEndBy(12 * second, 10 * second)).isEqualTo(13 * second);
    assertThat(Probation.quarantinesEndBy(10 * second, 10 * second + 1))
        .as("none has ended: none ends early")
        .isEqualTo(10 * second);
  }
}
