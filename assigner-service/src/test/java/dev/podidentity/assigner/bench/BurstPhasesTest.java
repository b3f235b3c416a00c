package dev.podidentity.assigner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BurstPhasesTest {

  @Test
  void eachPodIsSplitOnTheLastOperationOfItsScaleSetBetweenItsSendingAndItsAssignment() {
    List<BurstPhases.Operation> ops =
        List.of(
            // Before the burst: not the pods' operation.
            new BurstPhases.Operation("a", 0, 10_000, 10_000),
            new BurstPhases.Operation("a", 10_500, 20_500, 20_600),
            new BurstPhases.Operation("b", 10_800, 20_800, 21_800));
    List<BurstPhases.Pod> pods =
        List.of(
            new BurstPhases.Pod("a", 10_000, 20_700), // 500 + 10,000 + 100 + 100
            new BurstPhases.Pod("b", 10_000, 22_000)); // 800 + 10,000 + 1,000 + 200

    assertThat(BurstPhases.summary(ops, pods))
        .isEqualTo(
            "where the time went (ms, mean of 2 pods / of the slowest 1): to the PATCH 650 / 800,"
                + " operation 10000 / 10000, poll 550 / 1000, publish 150 / 200");
  }

  @Test
  void aBurstNoOperationAssignedSaysSo() {
    assertThat(
            BurstPhases.summary(
                List.of(new BurstPhases.Operation("a", 0, 10, 10)),
                List.of(new BurstPhases.Pod("a", 100, 200))))
        .isEqualTo("no pod was assigned by an operation of the burst");
  }
}
