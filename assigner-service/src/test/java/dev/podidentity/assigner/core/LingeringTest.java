package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LingeringTest {
  static final long MINUTE = 60_000_000_000L;
  static final long LINGER = 5 * MINUTE;
  static final List<String> OWNED = List.of(idOf("a"), idOf("b"));
  static final Set<String> ON = Set.of(idOf("a"), idOf("b"));

  static TargetPlan referencing(String... names) {
    TreeMap<String, Integer> desired = new TreeMap<>();
    for (String n : names) {
      desired.put(idOf(n), 1);
    }
    return new TargetPlan(VMSS_A, desired, List.of());
  }

  @Test
  void anIdentityBecomingUnreferencedStartsLingeringNow() {
    Lingering l = Lingering.at(10, LINGER, OWNED, ON, referencing("b"), Map.of());

    assertThat(l.since()).containsExactly(Map.entry(idOf("a"), 10L));
    assertThat(l.kept()).containsExactly(idOf("a"));
    assertThat(l.nextDueNanos()).isEqualTo(LINGER);
  }

  @Test
  void itKeepsItsStartUntilItsTimeIsUpThenMayGo() {
    Lingering first = Lingering.at(0, LINGER, OWNED, ON, referencing("b"), Map.of());
    Lingering later = Lingering.at(4 * MINUTE, LINGER, OWNED, ON, referencing("b"), first.since());
    Lingering due = Lingering.at(LINGER, LINGER, OWNED, ON, referencing("b"), later.since());

    assertThat(later.kept()).containsExactly(idOf("a"));
    assertThat(later.nextDueNanos()).isEqualTo(MINUTE);
    assertThat(due.kept()).isEmpty();
    assertThat(due.nextDueNanos()).isEqualTo(-1);
  }

  @Test
  void aReferenceAgainForgetsTheStart() {
    Lingering first = Lingering.at(0, LINGER, OWNED, ON, referencing("b"), Map.of());
    Lingering back = Lingering.at(MINUTE, LINGER, OWNED, ON, referencing("a", "b"), first.since());
    Lingering again = Lingering.at(2 * MINUTE, LINGER, OWNED, ON, referencing("b"), back.since());

    assertThat(back.since()).isEmpty();
    assertThat(again.since()).containsExactly(Map.entry(idOf("a"), 2 * MINUTE));
  }

  @Test
  void onlyOwnedIdentitiesOnTheTargetLinger() {
    Lingering l =
        Lingering.at(
            0,
            LINGER,
            List.of(idOf("a"), idOf("gone")),
            Set.of(idOf("a"), idOf("foreign")),
            referencing(),
            Map.of());

    assertThat(l.kept()).containsExactly(idOf("a"));
  }

  @Test
  void noLingerTimeMeansNothingLingers() {
    assertThat(Lingering.at(0, 0, OWNED, ON, referencing(), Map.of())).isEqualTo(Lingering.NONE);
  }
}
