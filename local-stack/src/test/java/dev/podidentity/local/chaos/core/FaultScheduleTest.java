package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThat(f.durationMillis()).isPositive();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 9_999})
  void aWindowTooShortForARestartIsRefused(long window) {
    assertThatThrownBy(() -> FaultSchedule.plan(1, window, 14, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** How long each new kind lasts: an API restart 2-10 s (a quarter of a short window at most). */
  @ParameterizedTest
  @CsvSource({
    "1, 120000, API_RESTART, 2000, 9999",
    "7, 120000, API_RESTART, 2000, 9999",
    "1, 30000, API_RESTART, 2000, 7500",
    "1, 30000, OTHER_NAMESPACE, 0, 0",
    "5, 120000, OTHER_NAMESPACE, 0, 0",
  })
  void theNewKindsAreScheduledWithTheirDowntime(
      long seed, long window, FaultKind kind, long min, long max) {
    List<FaultSchedule.Fault> faults = FaultSchedule.plan(seed, window, 80, 2);
    assertThat(faults).filteredOn(f -> f.kind() == kind).isNotEmpty();
    for (FaultSchedule.Fault f : faults) {
      if (f.kind() == kind) {
        assertThat(f.durationMillis()).isBetween(min, max);
        assertThat(f.atMillis() + f.durationMillis()).isLessThan(window);
      }
    }
  }
}
