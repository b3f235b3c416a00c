package dev.podidentity.assigner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Counts kept in place, and the snapshots a plan takes of them. */
class ReferenceCountsTest {
  private final ReferenceCounts counts = new ReferenceCounts();

  @Test
  void aCountThatReachesZeroLeaves() {
    counts.add("b", 1);
    counts.add("a", 1);
    counts.add("b", 1);
    counts.add("a", -1);

    assertThat(counts.snapshot(new TreeMap<>())).isEqualTo(Map.of("b", 2));
  }

  @Test
  void aSnapshotIsSortedAndKeepsItsCountsWhenTheyChangeLater() {
    for (int i = 0; i < 40; i++) {
      counts.add("id" + (39 - i), i + 1);
    }
    SortedMap<String, Integer> before = counts.snapshot(new TreeMap<>());
    counts.add("id0", 1);
    counts.add("id1", -39);

    assertThat(before).hasSize(40).containsEntry("id0", 40).containsEntry("id1", 39);
    assertThat(before.firstKey()).isEqualTo("id0");
    assertThat(before.lastKey()).isEqualTo("id9");
    assertThat(before.keySet()).containsSubsequence("id0", "id1", "id10", "id2", "id9");
    assertThat(before.headMap("id1")).isEqualTo(Map.of("id0", 40));
    assertThat(counts.snapshot(new TreeMap<>())).hasSize(39).containsEntry("id0", 41);
  }

  @Test
  void moreReferencesAddUpWithTheKeptOnesInTheSnapshotOnly() {
    counts.add("a", 1);

    assertThat(counts.snapshot(new TreeMap<>(Map.of("a", 1, "c", 1))))
        .isEqualTo(Map.of("a", 2, "c", 1))
        .hasSameHashCodeAs(new TreeMap<>(Map.of("a", 2, "c", 1)));
    assertThat(counts.snapshot(new TreeMap<>())).isEqualTo(Map.of("a", 1));
  }

  @Test
  void aSnapshotCannotBeChanged() {
    counts.add("a", 1);
    SortedMap<String, Integer> snapshot = counts.snapshot(new TreeMap<>());

    assertThatThrownBy(() -> snapshot.put("b", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
  }
}
