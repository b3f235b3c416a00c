package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeltaTest {

  static Map<String, CloudIdentity> actual(String... names) {
    Map<String, CloudIdentity> m = new HashMap<>();
    for (String n : names) {
      m.put(idOf(n), cloud(n));
    }
    return m;
  }

  @Test
  void addsWhatIsDesiredAndMissing() {
    Delta d =
        Delta.between(Set.of(idOf("a"), idOf("b")), actual("a"), List.of(), Set.of(), i -> false);

    assertThat(d.add()).containsExactly(idOf("b"));
    assertThat(d.remove()).isEmpty();
  }

  @Test
  void removesOnlyOwnedIdentitiesNoLongerDesired() {
    Delta d =
        Delta.between(
            Set.of(idOf("a")),
            actual("a", "ours", "preexisting"),
            List.of(idOf("a"), idOf("ours")),
            Set.of(),
            i -> false);

    assertThat(d.add()).isEmpty();
    assertThat(d.remove()).containsExactly(idOf("ours"));
  }

  @Test
  void neverRemovesProtectedIdentitiesEvenWhenOwned() {
    Protection protection = new Protection(List.of("CLIENT-CLUSTER", idOf("immutable")));

    Delta d =
        Delta.between(
            Set.of(),
            actual("cluster", "immutable", "ours"),
            List.of(idOf("cluster"), idOf("immutable"), idOf("ours")),
            Set.of(),
            protection);

    assertThat(d.remove()).containsExactly(idOf("ours"));
  }

  @Test
  void quarantinedIdentitiesAreNotSent() {
    Delta d =
        Delta.between(
            Set.of(idOf("a"), idOf("bad")), actual(), List.of(), Set.of(idOf("bad")), i -> false);

    assertThat(d.add()).containsExactly(idOf("a"));
  }

  @Test
  void ownedButAlreadyGoneIsNotRemovedAgain() {
    Delta d = Delta.between(Set.of(), actual(), List.of(idOf("gone")), Set.of(), i -> false);

    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void chunksNeverExceedTheRequestLimitAndCoverEverything() {
    Set<String> desired = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      desired.add(idOf("add-" + i));
    }
    Map<String, CloudIdentity> onTarget = new HashMap<>();
    List<String> owned = new java.util.ArrayList<>();
    for (int i = 0; i < 120; i++) {
      onTarget.put(idOf("rm-" + i), cloud("rm-" + i));
      owned.add(idOf("rm-" + i));
    }
    Delta d = Delta.between(desired, onTarget, owned, Set.of(), i -> false);

    List<Delta> chunks = d.chunks(Delta.MAX_IDENTITIES_PER_REQUEST);

    assertThat(chunks).allSatisfy(c -> assertThat(c.size()).isLessThanOrEqualTo(150));
    assertThat(chunks).hasSize(3);
    assertThat(chunks.stream().mapToInt(Delta::size).sum()).isEqualTo(320);
    assertThat(chunks.stream().flatMap(c -> c.add().stream()))
        .containsExactlyInAnyOrderElementsOf(desired);
    assertThat(chunks.stream().flatMap(c -> c.remove().stream()))
        .containsExactlyInAnyOrderElementsOf(owned);
  }
}
