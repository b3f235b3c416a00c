package dev.podidentity.nmi.engine.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.View;
import dev.podidentity.nmi.core.PrefetchCandidates;
import dev.podidentity.nmi.core.PrefetchCandidates.Candidate;
import dev.podidentity.nmi.core.PrefetchCandidatesTest.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pass after a view change looks at what changed; a full pass at every candidate. */
class ChangedCandidatesTest {
  static final long NOW = 1_000_000L;
  static final Policy POLICY = new Policy(false, false, 60_000);

  final Cluster cluster =
      new Cluster()
          .identity("apps", "a")
          .binding("apps", "ba", "a", "sa", null)
          .identity("apps", "b")
          .binding("apps", "bb", "b", "sb", null)
          .identity("apps", "e")
          .binding("apps", "be", "e", "none", "true");
  final ChangedCandidates candidates = new ChangedCandidates(POLICY, false);
  final PodRecord first = assigned("u1", "10.0.0.1", "sa", "a");

  PodRecord assigned(String uid, String ip, String selector, String identity) {
    PodRecord pod = cluster.pod("apps", uid, ip, selector, o -> {});
    cluster.assigned(pod, identity, AssignmentState.ASSIGNED);
    return pod;
  }

  View view() {
    return cluster.state.snapshot(NOW);
  }

  static List<String> names(List<Candidate> cs) {
    return cs.stream()
        .map(c -> c.identity().identity().name() + (c.pod() == null ? "" : "@" + c.pod().uid()))
        .toList();
  }

  @Test
  void theFirstPassLooksAtEverythingAsAFullPassDoes() {
    List<Candidate> changed = candidates.of(view(), NOW, false);

    assertThat(names(changed)).containsExactly("a@u1", "e");
    assertThat(changed)
        .containsExactlyElementsOf(PrefetchCandidates.of(view(), POLICY, false, NOW));
  }

  @Test
  void aPassAfterAChangeLooksOnlyAtThePodsItTouched() {
    candidates.of(view(), NOW, false);
    assigned("u2", "10.0.0.2", "sb", "b");

    assertThat(names(candidates.of(view(), NOW, false))).containsExactly("b@u2");
    assertThat(names(candidates.of(view(), NOW, false))).isEmpty();
  }

  @Test
  void aPodsAssignmentChangingMakesItLookedAtAgain() {
    PodRecord second = cluster.pod("apps", "u2", "10.0.0.2", "sb", o -> {});
    cluster.assigned(second, "b", AssignmentState.CREATED);
    assertThat(names(candidates.of(view(), NOW, false))).containsExactly("a@u1", "e");

    cluster.assigned(second, "b", AssignmentState.ASSIGNED);

    assertThat(names(candidates.of(view(), NOW, false))).containsExactly("b@u2");
  }

  @Test
  void aConfigurationChangeLooksAtEveryPodAndTheEagerBindings() {
    candidates.of(view(), NOW, false);
    cluster.identity("apps", "f").binding("apps", "bf", "f", "none", "true");

    assertThat(names(candidates.of(view(), NOW, false))).containsExactly("a@u1", "e", "f");
  }

  @Test
  void aFullPassLooksAtEveryCandidate() {
    candidates.of(view(), NOW, false);
    assigned("u2", "10.0.0.2", "sb", "b");
    candidates.of(view(), NOW, false);

    List<Candidate> full = candidates.of(view(), NOW, true);
    assertThat(names(full)).containsExactly("a@u1", "b@u2", "e");
    // The pure definition's answer (PrefetchCandidatesTest's rules), through the kept choices.
    assertThat(full).containsExactlyElementsOf(PrefetchCandidates.of(view(), POLICY, false, NOW));
  }

  @Test
  void aStaleViewGivesNothingAndIsNotRemembered() {
    View stale = new Cluster(false).state.snapshot(NOW);
    assertThat(candidates.of(stale, NOW, false)).isEmpty();

    assertThat(names(candidates.of(view(), NOW, false))).containsExactly("a@u1", "e");
  }

  @Test
  void aPodGoneIsNoLongerPresent() {
    candidates.of(view(), NOW, false);
    assertThat(candidates.present(first)).isTrue();

    cluster.state.applyPod(dev.podidentity.events.Keys.of(first), null);
    candidates.of(view(), NOW, false);

    assertThat(candidates.present(first)).isFalse();
    assertThat(candidates.present(null)).isTrue();
  }
}
