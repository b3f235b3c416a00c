package dev.podidentity.assigner.engine;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.eagerBinding;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.node;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eager assignment on virtual time: an eager binding's identity is on the scale sets of its node
 * pools before any pod exists, and leaves by the ordinary rules (ownership, protection, linger)
 * when the binding stops being eager.
 */
class EagerAssignmentTest {
  Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  private BindingRecord eager(String identity, String value) {
    h.cloud.create(idOf(identity));
    h.config(identity("default", identity));
    BindingRecord b = eagerBinding("default", "b-" + identity, identity, "sel-" + identity, value);
    h.config(b);
    return b;
  }

  private void nodes() {
    h.node(node("a0", VMSS_A, "poola"));
    h.node(node("b0", VMSS_B, "poolb"));
  }

  @Test
  void anEagerIdentityIsOnEveryScaleSetWithNodesBeforeAnyPod() {
    nodes();
    eager("id1", "true");

    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.identitiesOn(VMSS_B)).containsExactly(idOf("id1"));
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("id1"));
  }

  @Test
  void poolNamesChooseTheScaleSetsAndANodeJoiningLaterBringsItsOwn() {
    h.node(node("a0", VMSS_A, "poola"));
    eager("id1", "poolb");
    h.settle();
    assertThat(h.cloud.patches(VMSS_A)).as("no pool b node yet").isZero();
    assertThat(h.cloud.gets(VMSS_A)).as("a target nothing concerns is never read").isZero();

    h.node(node("b0", VMSS_B, "poolb"));
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_B)).containsExactly(idOf("id1"));
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
  }

  @Test
  void aPodScheduledOnAnEagerScaleSetIsAssignedWithoutAPatchOfItsOwn() {
    nodes();
    eager("id1", "true");
    h.settle();
    int before = h.cloud.patches(VMSS_A);

    PodRecord p = pod("default", "p1", VMSS_A, "sel-id1");
    h.pod(p);
    h.settle();

    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(before);
    assertThat(h.assignment(p).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void theIdentityLeavesWhenTheBindingGoesButNotWhileAPodStillUsesIt() {
    nodes();
    BindingRecord b = eager("id1", "true");
    h.settle();
    PodRecord p = pod("default", "p1", VMSS_A, "sel-id1");
    h.pod(p);
    h.settle();

    // Eagerness off, the binding kept: the pod on A still holds the identity there.
    h.config(binding("default", b.name(), "id1", "sel-id1"));
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.identitiesOn(VMSS_B)).isEmpty();

    h.deletePod(p);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
  }

  @Test
  void anIdentityThatWasThereBeforeIsNeverRemovedWhenEagernessEnds() {
    h.cloud.put(VMSS_A, cloud("id1"));
    nodes();
    BindingRecord b = eager("id1", "true");
    h.settle();

    h.deleteConfig(b);
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.identitiesOn(VMSS_B)).isEmpty();
  }

  @Test
  void theScaleSetsLastNodeGoingTakesTheEagerIdentityAway() {
    nodes();
    eager("id1", "true");
    h.settle();

    h.deleteNode("b0");
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_B)).isEmpty();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
  }

  @Test
  void theGlobalDefaultMakesBindingsWithoutTheAnnotationEagerAndFalseOptsOut() {
    h.close();
    h = new Harness("assigner.eager", "true");
    nodes();
    h.cloud.create(idOf("id1"), idOf("id2"));
    h.config(identity("default", "id1"));
    h.config(identity("default", "id2"));
    h.config(binding("default", "b1", "id1", "s1"));
    h.config(eagerBinding("default", "b2", "id2", "s2", "false"));

    h.settle();

    for (ComputeTarget t : new ComputeTarget[] {VMSS_A, VMSS_B}) {
      assertThat(h.cloud.identitiesOn(t)).containsExactly(idOf("id1"));
    }
  }

  @Test
  void withLingerAnEagerIdentityStaysItsLingerAfterTheBindingGoes() {
    h.close();
    h = new Harness("assigner.linger", "5m");
    nodes();
    BindingRecord b = eager("id1", "poola");
    h.settle();

    h.deleteConfig(b);
    h.time.advance(java.time.Duration.ofMinutes(4));
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));

    h.time.advance(java.time.Duration.ofMinutes(2));
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
  }

  @Test
  void aPodWhoseIdentityIsThereIsAssignedAtOnceWhileABatchGathersForTheOthers() {
    nodes();
    eager("id1", "poola");
    h.cloud.create(idOf("id2"));
    h.config(identity("default", "id2"));
    h.config(binding("default", "b-id2", "id2", "sel-id2"));
    h.settle();

    PodRecord ready = pod("default", "ready", VMSS_A, "sel-id1");
    PodRecord waiting = pod("default", "waiting", VMSS_A, "sel-id2");
    h.pod(ready);
    h.pod(waiting);
    // No virtual time passes: the batch window (100 ms) has not closed.
    h.time.advance(java.time.Duration.ZERO);

    assertThat(h.assignment(ready).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.assignment(waiting))
        .as("waiting for the PATCH: published by the batch's run, before its PATCH")
        .isNull();
    assertThat(h.cloud.identitiesOn(VMSS_A)).doesNotContain(idOf("id2"));

    h.settle();
    assertThat(h.assignment(waiting).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void podsArrivingOneByOneThatNeedNoPatchArePublishedAtOnce() {
    nodes();
    eager("id1", "poola");
    h.settle();

    PodRecord first = pod("default", "first", VMSS_A, "sel-id1");
    h.pod(first);
    h.time.advance(java.time.Duration.ofMillis(10));
    PodRecord second = pod("default", "second", VMSS_A, "sel-id1");
    h.pod(second);
    h.time.advance(java.time.Duration.ZERO);

    assertThat(h.assignment(second).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void inABurstPodsThatNeedNoPatchArePublishedAtMostOncePerBatchWindow() {
    nodes();
    eager("id1", "poola");
    h.settle();
    h.reconciler.inputBatch(TargetRuns.BACKLOG_RECORDS);

    PodRecord first = pod("default", "first", VMSS_A, "sel-id1");
    h.pod(first);
    h.time.advance(java.time.Duration.ZERO);
    assertThat(h.assignment(first)).as("the first at once").isNotNull();

    h.time.advance(java.time.Duration.ofMillis(10));
    PodRecord second = pod("default", "second", VMSS_A, "sel-id1");
    h.pod(second);
    h.time.advance(java.time.Duration.ZERO);
    assertThat(h.assignment(second))
        .as("10 ms after the last publishing run: the next waits for the window")
        .isNull();

    h.time.advance(java.time.Duration.ofMillis(90));
    assertThat(h.assignment(second).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.cloud.patches(VMSS_A)).as("only the eager PATCH before the pods").isOne();
  }

  @Test
  void duringAPatchAPodWhoseIdentityIsThereIsAssignedButNotOneWhoseIdentityIsLeaving() {
    nodes();
    eager("kept", "poola");
    BindingRecord leaving = eager("leaving", "poola");
    h.settle();
    PodRecord ready = pod("default", "ready", VMSS_A, "sel-kept");
    PodRecord late = pod("default", "late", VMSS_A, "sel-leaving");
    List<AssignmentState> seen = new ArrayList<>();
    h.cloud.whilePatching(
        VMSS_A,
        () -> {
          h.pod(ready);
          h.pod(late);
          h.time.advance(java.time.Duration.ZERO); // the publishing pass, while the PATCH is out
          h.assignment(ready).identities().forEach(i -> seen.add(i.state()));
          h.assignment(late).identities().forEach(i -> seen.add(i.state()));
        });

    // Not eager any more, and no pod yet: the PATCH removing "leaving" goes out.
    h.config(binding("default", leaving.name(), "leaving", "sel-leaving"));
    h.settle();

    assertThat(seen)
        .as("ready ASSIGNED at once; late not shown ASSIGNED for an identity being removed")
        .containsExactly(AssignmentState.ASSIGNED, AssignmentState.CREATED);
    assertThat(h.assignment(ready).identities())
        .extracting(AssignedIdentity::state)
        .containsExactly(AssignmentState.ASSIGNED);
  }
}
