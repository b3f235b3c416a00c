package dev.podidentity.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.systemtests.bench.TailBreakdown.Patch;
import dev.podidentity.systemtests.bench.TailBreakdown.Phases;
import dev.podidentity.systemtests.bench.TailBreakdown.Pod;
import dev.podidentity.systemtests.bench.TailBreakdown.Records;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailBreakdownTest {
  private static final Patch ADDS_X = new Patch(List.of("x"), 0, 5_000, 5_000);
  private static final Patch ADDS_Y = new Patch(List.of("y"), 5_100, 10_100, 10_100);

  // phases: watcher, assigner, in-flight, own PATCH, ARM poll, publish, client, NMI

  @Test
  void aPodArrivingDuringAnotherPatchWaitsForItThenForItsOwn() {
    Phases p =
        TailBreakdown.of(
            new Pod("u", "y", 0, 5, 10_160), new Records(10, 10_150), List.of(ADDS_X, ADDS_Y));

    assertThat(p.ms()).containsExactly(10, 100, 4_990, 5_000, 0, 50, 0, 10);
    assertThat(Arrays.stream(p.ms()).sum()).isEqualTo(p.total()).isEqualTo(10_160);
  }

  @Test
  void aPodWhoseIdentityIsOnNeedsNoPatchAndALateRequestIsTheClients() {
    Phases p =
        TailBreakdown.of(
            new Pod("u", "x", 10_000, 10_300, 10_310),
            new Records(10_020, 10_120),
            List.of(ADDS_X));

    assertThat(p.ms()).containsExactly(20, 100, 0, 0, 0, 0, 180, 10);
  }

  @Test
  void aPodArrivingDuringThePatchOfItsOwnIdentityCountsItFromItsArrival() {
    Patch slowPoll = new Patch(List.of("x"), 0, 5_000, 5_200);
    Phases p =
        TailBreakdown.of(
            new Pod("u", "x", 990, 1_000, 5_310), new Records(1_000, 5_300), List.of(slowPoll));

    assertThat(p.ms()).containsExactly(10, 0, 0, 4_000, 200, 100, 0, 10);
  }

  @Test
  void anAssignmentBeforeTheIpRecordLeavesTheAssignerNothing() {
    Phases p = TailBreakdown.of(new Pod("u", "x", 0, 1, 70), new Records(50, 40), List.of(ADDS_X));

    assertThat(p.ms()).containsExactly(50, 0, 0, 0, 0, 0, 0, 20);
  }

  @Test
  void theTailSummaryNamesWhatTheSlowestPodsWaitedFor() {
    List<Phases> all =
        List.of(
            new Phases(0, 100, new long[] {10, 80, 0, 0, 0, 0, 0, 10}),
            new Phases(5, 10_000, new long[] {10, 100, 4_800, 5_000, 0, 80, 0, 10}));

    assertThat(TailBreakdown.tailSummary(all))
        .isEqualTo("own PATCH 5.0 s, in-flight 4.8 s, assigner 0.1 s, publish 0.1 s");
    assertThat(TailBreakdown.slowest(all, 1))
        .startsWith(
            "  scheduled at +0.0 s, total 10000 ms: watcher 10 assigner 100 in-flight 4800 own"
                + " PATCH 5000 publish 80 NMI 10");
  }
}
