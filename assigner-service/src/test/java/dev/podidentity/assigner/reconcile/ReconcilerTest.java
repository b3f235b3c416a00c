package dev.podidentity.assigner.reconcile;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.core.Protection;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.PodRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The aad-pod-identity controller scenarios, against the stateful fake cloud. */
class ReconcilerTest {
  Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  void bind(String identity, String selector) {
    h.cloud.create(idOf(identity));
    h.config(identity("default", identity));
    h.config(binding("default", "b-" + identity, identity, selector));
  }

  List<AssignmentState> states(PodRecord pod) {
    var a = h.assignment(pod);
    return a == null ? List.of() : a.identities().stream().map(AssignedIdentity::state).toList();
  }

  @Test
  void assignsTheIdentityOfABoundPodAndReportsAssigned() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);

    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("id1"));
    assertThat(h.assignment(p).identities().get(0).principalId()).isEqualTo("principal-id1");
  }

  @Test
  void referenceCountsAcrossTwoNodesOfOneScaleSet() {
    bind("id1", "sel");
    PodRecord p1 = pod("default", "p1", VMSS_A, "sel");
    PodRecord p2 = pod("default", "p2", VMSS_A, "sel");
    h.pod(p1);
    h.pod(p2);
    await().until(() -> states(p2).equals(List.of(AssignmentState.ASSIGNED)));

    h.deletePod(p1);
    h.awaitIdle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.assignment(p1)).isNull();

    h.deletePod(p2);
    await().until(() -> h.cloud.identitiesOn(VMSS_A).isEmpty());
    assertThat(h.output.ledger(VMSS_A).owned()).isEmpty();
  }

  @Test
  void anIdentityThatWasThereBeforeSurvivesAPodThatUsedItComingAndGoing() {
    h.cloud.put(VMSS_A, cloud("id1"));
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);
    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    h.deletePod(p);
    h.awaitIdle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.patches(VMSS_A)).isZero();
  }

  @Test
  void immutableAndClusterIdentitiesAreNeverRemovedEvenWhenOwned() {
    h.close();
    h =
        new Harness(
            Harness.fast(
                ReconcileOptions.builder()
                    .protection(new Protection(List.of("client-kubelet", idOf("immutable"))))
                    .build()));
    h.cloud.put(VMSS_A, cloud("kubelet"), cloud("immutable"), cloud("mine"));
    h.ledger(
        new LedgerRecord(
            1, VMSS_A, List.of(idOf("kubelet"), idOf("immutable"), idOf("mine")), null));

    h.reconciler.enqueue(VMSS_A);

    await().until(() -> !h.cloud.identitiesOn(VMSS_A).contains(idOf("mine")));
    h.awaitIdle();
    assertThat(h.cloud.identitiesOn(VMSS_A))
        .containsExactlyInAnyOrder(idOf("kubelet"), idOf("immutable"));
  }

  @Test
  void identityDeletedThenBindingDeleted() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));

    h.deleteConfig(identity("default", "id1"));
    await().until(() -> states(p).equals(List.of(AssignmentState.FAILED)));
    await().until(() -> h.cloud.identitiesOn(VMSS_A).isEmpty());
    assertThat(h.assignment(p).identities().get(0).reason()).contains("does not exist");

    h.deleteConfig(binding("default", "b-id1", "id1", "sel"));
    await().until(() -> h.assignment(p) == null);
  }

  @Test
  void aBatchWithOneRefusedIdentityAssignsTheOthersAndUnassignsNothing() {
    h.cloud.put(VMSS_A, cloud("preexisting"));
    bind("good1", "sel");
    bind("good2", "sel");
    h.config(identity("default", "ghost")); // valid in Kubernetes, unknown to the cloud
    h.config(binding("default", "b-ghost", "ghost", "sel"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);

    await()
        .until(
            () ->
                states(p).stream().filter(s -> s == AssignmentState.ASSIGNED).count() == 2
                    && states(p).contains(AssignmentState.FAILED));
    assertThat(h.cloud.identitiesOn(VMSS_A))
        .containsExactlyInAnyOrder(idOf("good1"), idOf("good2"), idOf("preexisting"));
    AssignedIdentity ghost =
        h.assignment(p).identities().stream()
            .filter(i -> i.identityName().equals("ghost"))
            .findFirst()
            .get();
    assertThat(ghost.reason()).contains("FailedIdentityOperation");
    assertThat(h.cloud.requests()).allSatisfy(r -> assertThat(r.remove()).isEmpty());
  }

  @Test
  void aQuarantinedIdentityIsRetriedWhenItsAzureIdentityChanges() {
    h.config(identity("default", "late"));
    h.config(binding("default", "b-late", "late", "sel"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    await().until(() -> states(p).equals(List.of(AssignmentState.FAILED)));

    h.cloud.create(idOf("late"));
    h.reconciler.identityChanged(idOf("late"));

    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
  }

  @Test
  void changesArrivingDuringAPatchAreCoalescedIntoTheNextOne() {
    bind("first", "s0");
    for (int i = 1; i <= 5; i++) {
      bind("id" + i, "s" + i);
    }
    h.cloud.hold(VMSS_A);
    h.pod(pod("default", "p0", VMSS_A, "s0"));
    await()
        .until(() -> h.output.ledger(VMSS_A) != null && h.output.ledger(VMSS_A).intent() != null);

    for (int i = 1; i <= 5; i++) {
      h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
    }
    h.cloud.release(VMSS_A);
    h.awaitIdle();

    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(2);
    assertThat(h.cloud.requests().get(1).add()).hasSize(5);
    assertThat(h.cloud.maxConcurrentRequestsPerTarget()).isEqualTo(1);
  }

  @Test
  void aBurstOfPodsArrivingWithinTheBatchWindowGoesOutInOnePatch() {
    h.close();
    h =
        new Harness(
            Harness.fast(
                ReconcileOptions.builder()
                    .batchWindow(Duration.ofSeconds(1), Duration.ofSeconds(5))
                    .build()));
    for (int i = 1; i <= 5; i++) {
      bind("burst" + i, "s" + i);
    }
    for (int i = 1; i <= 5; i++) {
      h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
    }

    await().until(() -> h.cloud.identitiesOn(VMSS_A).size() == 5);
    h.awaitIdle();
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
  }

  @Test
  void aBurstIsHeldWhileTheInputsAreBehindThenGoesOutInOnePatch() {
    h.close();
    h =
        new Harness(
            Harness.fast(
                ReconcileOptions.builder()
                    .batchWindow(Duration.ofMillis(20), Duration.ofMinutes(1))
                    .build()));
    bind("held1", "h1");
    bind("held2", "h2");
    h.reconciler.inputsBehind(true);
    h.pod(pod("default", "p1", VMSS_A, "h1"));

    // Far longer than the quiet window: the first pod waits while the consumer is behind.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> h.cloud.patches(VMSS_A) == 0);
    h.pod(pod("default", "p2", VMSS_A, "h2"));
    h.reconciler.inputsBehind(false);

    await().until(() -> h.cloud.identitiesOn(VMSS_A).size() == 2);
    h.awaitIdle();
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
  }

  @Test
  void aHeldBurstStillGoesOutAtTheBatchMaximum() {
    h.close();
    h =
        new Harness(
            Harness.fast(
                ReconcileOptions.builder()
                    .batchWindow(Duration.ofMillis(20), Duration.ofMillis(200))
                    .build()));
    bind("max1", "m1");
    h.reconciler.inputsBehind(true);
    h.pod(pod("default", "p1", VMSS_A, "m1"));

    await().until(() -> h.cloud.identitiesOn(VMSS_A).size() == 1);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
  }

  @Test
  void aSlowTargetNeverDelaysAnother() {
    bind("id1", "sel");
    h.cloud.hold(VMSS_A);
    PodRecord slow = pod("default", "slow", VMSS_A, "sel");
    PodRecord fast = pod("default", "fast", VMSS_B, "sel");

    h.pod(slow);
    h.pod(fast);

    await().until(() -> states(fast).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(states(slow)).containsExactly(AssignmentState.CREATED);
    h.cloud.release(VMSS_A);
    await().until(() -> states(slow).equals(List.of(AssignmentState.ASSIGNED)));
  }

  @Test
  void throttlingWaitsRetryAfterForThatTargetOnly() {
    bind("id1", "sel");
    h.cloud.failNext(
        VMSS_A,
        new CloudException(
            CloudException.Kind.THROTTLED, "429", Duration.ofSeconds(1), Map.of(), null));
    PodRecord throttled = pod("default", "a", VMSS_A, "sel");
    PodRecord other = pod("default", "b", VMSS_B, "sel");

    h.pod(throttled);
    h.pod(other);

    await().until(() -> states(other).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(states(throttled)).containsExactly(AssignmentState.CREATED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> states(throttled).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(2);
  }

  @Test
  void anUnknownOutcomeIsReadBackBeforeActingAgain() {
    bind("id1", "sel");
    h.cloud.failNext(VMSS_A, CloudException.of(CloudException.Kind.TRANSIENT, "timeout"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);

    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    assertThat(h.cloud.gets(VMSS_A)).isEqualTo(2);
    assertThat(h.output.ledger(VMSS_A).intent()).isNull();
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("id1"));
  }

  @Test
  void theLedgerIntentIsDurableBeforeEveryPatch() {
    bind("id1", "sel");
    h.cloud.beforePatch(
        t -> {
          LedgerRecord ledger = h.output.ledger(t);
          assertThat(ledger).isNotNull();
          assertThat(ledger.intent()).isNotNull();
        });
    h.pod(pod("default", "p1", VMSS_A, "sel"));

    await().until(() -> h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
  }

  @Test
  void aConvergedTargetMakesNoCallsAndPublishesNothing() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    await().until(() -> states(p).equals(List.of(AssignmentState.ASSIGNED)));
    h.awaitIdle();
    int published = h.output.published.get();
    int patches = h.cloud.patches(VMSS_A);

    h.pod(p);
    h.config(identity("default", "id1"));
    h.awaitIdle();

    assertThat(h.output.published.get()).isEqualTo(published);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(patches);
  }

  @Test
  void driftRepairReAddsAManuallyRemovedIdentity() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    await().until(() -> h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
    h.awaitIdle();

    h.cloud.remove(VMSS_A, idOf("id1"));
    h.reconciler.refreshAll();

    await().until(() -> h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
  }

  @Test
  void lingerKeepsAnUnreferencedIdentityUntilItsTimeIsUp() {
    h.close();
    var now = new java.util.concurrent.atomic.AtomicLong();
    h =
        new Harness(
            Harness.fast(ReconcileOptions.builder().linger(Duration.ofMinutes(5)).build()),
            now::get);
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    await().until(() -> h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));

    h.deletePod(p);
    await().until(() -> h.assignment(p) == null);
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));

    now.addAndGet(Duration.ofMinutes(5).toNanos());
    h.reconciler.enqueue(VMSS_A);
    await().until(() -> h.cloud.identitiesOn(VMSS_A).isEmpty());
  }

  @Test
  void moreThan150IdentitiesGoInSeveralRequests() {
    for (int i = 0; i < 160; i++) {
      bind("many" + i, "s" + i);
      h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
    }

    await().until(() -> h.cloud.identitiesOn(VMSS_A).size() == 160);
    assertThat(h.cloud.requests()).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(150));
  }

  @Test
  void releaseWaitsForTheOperationInFlight() throws Exception {
    bind("id1", "sel");
    h.cloud.hold(VMSS_A);
    h.pod(pod("default", "p1", VMSS_A, "sel"));
    await().until(() -> h.output.ledger(VMSS_A) != null);

    Thread releaser = new Thread(() -> h.cloud.release(VMSS_A));
    var releasing =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                h.reconciler.own(t -> false);
                h.reconciler.release(t -> true, Duration.ofSeconds(20));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    await().during(Duration.ofMillis(200)).until(() -> !releasing.isDone());
    releaser.start();

    await().until(releasing::isDone);
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.output.ledger(VMSS_A).intent()).isNull();
  }

  @Test
  void theQuarantineGaugeCountsEveryTargetsQuarantine() {
    h.config(identity("default", "ghost-a"));
    h.config(binding("default", "b-ghost-a", "ghost-a", "sa"));
    h.config(identity("default", "ghost-b"));
    h.config(binding("default", "b-ghost-b", "ghost-b", "sb"));
    PodRecord a = pod("default", "pa", VMSS_A, "sa");
    PodRecord b = pod("default", "pb", VMSS_B, "sb");

    h.pod(a);
    h.pod(b);
    await()
        .until(
            () ->
                states(a).equals(List.of(AssignmentState.FAILED))
                    && states(b).equals(List.of(AssignmentState.FAILED)));
    h.awaitIdle();

    assertThat(h.registry.get("podidentity.assigner.identities.quarantined").gauge().value())
        .isEqualTo(2.0);
  }

  @Test
  void releasingATargetWaitingForItsTimerLeavesNoQueueDepthBehind() throws Exception {
    Harness slow =
        new Harness(
            Harness.fast(ReconcileOptions.defaults()).toBuilder()
                .batchWindow(Duration.ofMinutes(1), Duration.ofMinutes(1))
                .build());
    try {
      slow.config(identity("default", "id1"));
      slow.config(binding("default", "b-id1", "id1", "sel"));
      slow.pod(pod("default", "p1", VMSS_A, "sel"));
      assertThat(slow.registry.get("podidentity.assigner.queue.depth").gauge().value())
          .isEqualTo(1.0);

      slow.reconciler.own(t -> false);
      slow.reconciler.release(t -> true, Duration.ofSeconds(5));

      assertThat(slow.registry.get("podidentity.assigner.queue.depth").gauge().value()).isZero();
    } finally {
      slow.close();
    }
  }
}
