package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadStepTest {

  private static List<WorkloadStep> walk(long seed) {
    Random random = new Random(seed);
    List<WorkloadStep> steps = new ArrayList<>();
    int live = 0;
    int freed = 0;
    for (int i = 0; i < 2000; i++) {
      WorkloadStep s = WorkloadStep.next(random, live, 100, freed);
      steps.add(s);
      switch (s) {
        case CREATE -> live++;
        case REUSE_IP -> {
          live++;
          freed--;
        }
        case DELETE -> {
          live--;
          freed++;
        }
        case FINISH -> live--;
        default -> {}
      }
      assertThat(freed).isNotNegative();
    }
    return steps;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 17, 20261206})
  void theSameSeedMakesTheSameMovesAndEveryKindOfMove(long seed) {
    List<WorkloadStep> steps = walk(seed);
    assertThat(walk(seed)).isEqualTo(steps);
    assertThat(EnumSet.copyOf(steps)).containsExactlyInAnyOrder(WorkloadStep.values());
    assertThat(steps.subList(0, 10)).doesNotContain(WorkloadStep.DELETE, WorkloadStep.RELABEL);
  }
}
