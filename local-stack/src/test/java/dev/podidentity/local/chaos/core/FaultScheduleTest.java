package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultScheduleTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 20261206, -7})
  void theSameSeedGivesTheSameScheduleAndEveryKindAtLeastOnce(long seed) {
    List<FaultSchedule.Fault> a = FaultSchedule.plan(seed, 30_000, 20, 3);
    assertThat(FaultSchedule.plan(seed, 30_000, 20, 3)).isEqualTo(a);
    assertThat(FaultSchedule.plan(seed + 1, 30_000, 20, 3)).isNotEqualTo(a);
    assertThat(a).hasSize(20);
    EnumSet<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
    a.forEach(f -> kinds.add(f.kind()));
    assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 99, 123456})
  void everyFaultEndsInsideTheWindowAndHangsInItsFirstHalf(long seed) {
    List<FaultSchedule.Fault> faults = FaultSchedule.plan(seed, 20_000, 60, 2);
    assertThat(faults).isSortedAccordingTo(java.util.Comparator.comparingLong(f -> f.atMillis()));
    for (FaultSchedule.Fault f : faults) {
      assertThat(f.atMillis() + f.durationMillis()).isLessThan(20_000);
      assertThat(f.target()).isBetween(0, 1);
      if (f.kind() == FaultKind.ARM_HANG) {
        assertThat(f.atMillis()).isLessThanOrEqualTo(10_000);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 9_999})
  void aWindowTooShortForARestartIsRefused(long window) {
    assertThatThrownBy(() -> FaultSchedule.plan(1, window, 14, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
