package dev.podidentity.assigner.engine;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.PodRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

  /** The virtual time of every PATCH from now on, each target's included. */
  List<Long> patchTimes() {
    List<Long> times = new ArrayList<>();
    h.cloud.beforePatch(t -> times.add(h.time.getAsLong()));
    return times;
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

    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
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
    h.settle();
    assertThat(states(p2)).containsExactly(AssignmentState.ASSIGNED);

    h.deletePod(p1);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.assignment(p1)).isNull();

    h.deletePod(p2);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
    assertThat(h.output.ledger(VMSS_A).owned()).isEmpty();
  }

  @Test
  void anIdentityThatWasThereBeforeSurvivesAPodThatUsedItComingAndGoing() {
    h.cloud.put(VMSS_A, cloud("id1"));
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    h.deletePod(p);
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.patches(VMSS_A)).isZero();
  }

  @Test
  void anIdentityAnotherControllerAssignedIsAdoptedAndGoesWithItsLastPod() {
    h.cloud.put(VMSS_A, cloud("aad-added"), cloud("found-there"));
    bind("aad-added", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);

    h.claims(Map.of(VMSS_A, Set.of(idOf("aad-added"))));
    h.settle();
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("aad-added"));
    h.deletePod(p);
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("found-there"));
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
  }

  @Test
  void aClaimedIdentityWhosePodsAreGoneIsRemovedAtOnce() {
    h.cloud.put(VMSS_A, cloud("aad-added"), cloud("found-there"));

    h.claims(Map.of(VMSS_A, Set.of(idOf("aad-added"), idOf("not-on-target"))));
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("found-there"));
    assertThat(h.output.ledger(VMSS_A).owned()).isEmpty();
  }

  @Test
  void aClaimIsTakenUpOnceAndAnIdentityAddedLaterByOthersIsNotAdopted() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.claims(Map.of(VMSS_A, Set.of(idOf("later"))));
    h.settle();

    // Someone adds the claimed identity only after the claim was looked at: it is theirs.
    h.cloud.put(VMSS_A, cloud("later"));
    h.reconciler.refreshAll();
    h.settle();
    h.deletePod(p);
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("later"));
  }

  @Test
  void immutableAndClusterIdentitiesAreNeverRemovedEvenWhenOwned() {
    h.close();
    h = new Harness("assigner.immutable-identities", "client-kubelet," + idOf("immutable"));
    h.cloud.put(VMSS_A, cloud("kubelet"), cloud("immutable"), cloud("mine"));
    h.ledger(
        new LedgerRecord(
            1, VMSS_A, List.of(idOf("kubelet"), idOf("immutable"), idOf("mine")), null));

    h.reconciler.enqueue(VMSS_A);

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A))
        .containsExactlyInAnyOrder(idOf("kubelet"), idOf("immutable"));
  }

  @Test
  void identityDeletedThenBindingDeleted() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);

    h.deleteConfig(identity("default", "id1"));
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.FAILED);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
    assertThat(h.assignment(p).identities().get(0).reason()).contains("does not exist");

    h.deleteConfig(binding("default", "b-id1", "id1", "sel"));
    h.settle();
    assertThat(h.assignment(p)).isNull();
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

    h.settle();
    assertThat(states(p))
        .containsExactlyInAnyOrder(
            AssignmentState.ASSIGNED, AssignmentState.ASSIGNED, AssignmentState.FAILED);
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
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.FAILED);

    h.cloud.create(idOf("late"));
    h.reconciler.identityChanged(idOf("late"));

    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void changesArrivingDuringAPatchAreCoalescedIntoTheNextOne() {
    bind("first", "s0");
    for (int i = 1; i <= 5; i++) {
      bind("id" + i, "s" + i);
    }
    h.cloud.whilePatching(
        VMSS_A,
        () -> {
          assertThat(h.output.ledger(VMSS_A).intent()).isNotNull();
          for (int i = 1; i <= 5; i++) {
            h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
          }
          h.settle();
        });
    h.pod(pod("default", "p0", VMSS_A, "s0"));
    h.settle();

    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(2);
    assertThat(h.cloud.requests().get(1).add()).hasSize(5);
    assertThat(h.cloud.maxConcurrentRequestsPerTarget()).isEqualTo(1);
  }

  @Test
  void aBurstOfPodsArrivingWithinTheBatchWindowGoesOutInOnePatch() {
    h.close();
    h = new Harness("assigner.batch-window", "1s", "assigner.batch-max", "5s");
    for (int i = 1; i <= 5; i++) {
      bind("burst" + i, "s" + i);
    }
    long start = h.time.getAsLong();
    List<Long> patchedAt = patchTimes();
    for (int i = 1; i <= 5; i++) {
      h.time.advance(Duration.ofMillis(500)); // each within the quiet window of the last
      h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
    }

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).hasSize(5);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
    // Out once changes were quiet for the window: a second after the last pod.
    assertThat(patchedAt).containsExactly(start + Duration.ofMillis(3_500).toNanos());
  }

  @Test
  void aBurstIsHeldWhileTheInputsAreBehindThenGoesOutInOnePatch() {
    h.close();
    h = new Harness("assigner.batch-window", "20ms", "assigner.batch-max", "1m");
    bind("held1", "h1");
    bind("held2", "h2");
    h.reconciler.inputsBehind(true);
    h.pod(pod("default", "p1", VMSS_A, "h1"));

    // Far longer than the quiet window: the first pod waits while the consumer is behind.
    h.time.advance(Duration.ofMillis(300));
    assertThat(h.cloud.patches(VMSS_A)).isZero();
    h.pod(pod("default", "p2", VMSS_A, "h2"));
    h.reconciler.inputsBehind(false);

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).hasSize(2);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
  }

  @Test
  void aBurstIsHeldUntilTheInputsHaveBeenQuietForTheWindow() {
    h.close();
    h = new Harness("assigner.batch-window", "20ms", "assigner.batch-max", "1m");
    bind("early", "e1");
    bind("late", "e2");
    bind("other", "o");
    List<Long> patchedAt = patchTimes();
    h.reconciler.inputsBehind(true);
    h.pod(pod("default", "p1", VMSS_A, "e1"));
    h.reconciler.inputsBehind(false);
    // The burst goes on in batches 15 ms apart, all of another target's pods: A's own changes are
    // quiet for longer than the window, the inputs never are.
    for (int i = 0; i < 10; i++) {
      h.time.advance(Duration.ofMillis(15));
      h.reconciler.inputsBehind(true);
      h.pod(pod("default", "q" + i, VMSS_B, "o"));
      h.reconciler.inputsBehind(false);
    }
    assertThat(h.cloud.patches(VMSS_A)).isZero();
    h.time.advance(Duration.ofMillis(15));
    h.reconciler.inputsBehind(true);
    h.pod(pod("default", "p2", VMSS_A, "e2"));
    h.reconciler.inputsBehind(false);
    long last = h.time.getAsLong();

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).hasSize(2);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(1);
    // A's and B's PATCHes, each out once the inputs were quiet for the window.
    long due = last + Duration.ofMillis(20).toNanos();
    assertThat(patchedAt).containsExactly(due, due);
  }

  @Test
  void aHeldBurstStillGoesOutAtTheBatchMaximum() {
    h.close();
    h = new Harness("assigner.batch-window", "20ms", "assigner.batch-max", "200ms");
    bind("max1", "m1");
    List<Long> patchedAt = patchTimes();
    h.reconciler.inputsBehind(true);
    long start = h.time.getAsLong();
    h.pod(pod("default", "p1", VMSS_A, "m1"));

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).hasSize(1);
    assertThat(patchedAt).containsExactly(start + Duration.ofMillis(200).toNanos());
  }

  @Test
  void aSlowTargetNeverDelaysAnother() {
    bind("id1", "sel");
    PodRecord slow = pod("default", "slow", VMSS_A, "sel");
    PodRecord fast = pod("default", "fast", VMSS_B, "sel");
    h.cloud.whilePatching(
        VMSS_A,
        () -> {
          h.settle(); // everything else, while A's operation is in flight
          assertThat(states(fast)).containsExactly(AssignmentState.ASSIGNED);
          assertThat(states(slow)).containsExactly(AssignmentState.CREATED);
        });

    h.pod(slow);
    h.pod(fast);
    h.settle();

    assertThat(states(slow)).containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void throttlingWaitsRetryAfterForThatTargetOnly() {
    bind("id1", "sel");
    h.cloud.failNext(
        VMSS_A,
        new CloudException(CloudFailure.THROTTLED, "429", Duration.ofSeconds(1), Map.of(), null));
    PodRecord throttled = pod("default", "a", VMSS_A, "sel");
    PodRecord other = pod("default", "b", VMSS_B, "sel");

    List<Long> patchedAt = patchTimes();

    h.pod(throttled);
    h.pod(other);
    h.time.advance(Duration.ofMillis(999));
    assertThat(states(other)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(states(throttled)).containsExactly(AssignmentState.CREATED);
    h.settle();

    assertThat(states(throttled)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(2);
    // Retry-After (1 s), spread by at most a fifth, and nothing earlier.
    long waited = patchedAt.get(2) - patchedAt.get(0);
    assertThat(waited)
        .isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1_200).toNanos());
  }

  @Test
  void anUnknownOutcomeIsReadBackBeforeActingAgain() {
    bind("id1", "sel");
    h.cloud.failNext(VMSS_A, CloudException.of(CloudFailure.TRANSIENT, "timeout"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);

    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.cloud.gets(VMSS_A)).isEqualTo(2);
    assertThat(h.output.ledger(VMSS_A).intent()).isNull();
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("id1"));
  }

  /**
   * Found by the chaos run: a storm of 5xx doubled the target's backoff to over a minute, and the
   * first run after the storm, whose read of the target succeeded, still waited it out.
   */
  @Test
  void aSuccessfulReadAfterAStormOfUnknownOutcomesEndsTheBackoff() {
    bind("id1", "sel");
    for (int i = 0; i < 6; i++) {
      h.cloud.failNext(VMSS_A, CloudException.of(CloudFailure.TRANSIENT, "503"));
    }
    List<Long> patchedAt = patchTimes();
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    for (int s = 0; s < 300 && patchedAt.size() < 6; s++) {
      h.time.advance(Duration.ofSeconds(1));
    }
    assertThat(patchedAt).hasSize(6);
    assertThat(states(p)).containsExactly(AssignmentState.CREATED);

    // The storm is over; the next wake-up (drift repair here, or any input) reads the target.
    long woken = h.time.getAsLong();
    h.reconciler.refreshAll();
    h.time.advance(Duration.ofMillis(500));

    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(patchedAt).hasSize(7);
    assertThat(patchedAt.get(6) - woken).isLessThan(Duration.ofMillis(500).toNanos());
  }

  /**
   * A drift repair (or any refresh) asked while the target's read is in flight is answered by that
   * read: the run goes on to its PATCH instead of failing and backing off. A slow first read after
   * a restart met the drift timer this way in the chaos smoke.
   */
  @Test
  void aRefreshAskedDuringTheReadDoesNotFailTheRun() {
    bind("id1", "sel");
    List<Long> patchedAt = patchTimes();
    h.cloud.whileReading(VMSS_A, h.reconciler::refreshAll);
    long start = h.time.getAsLong();
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);

    h.time.advance(Duration.ofMillis(500));

    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(patchedAt).hasSize(1);
    assertThat(patchedAt.get(0) - start).isLessThan(Duration.ofMillis(500).toNanos());
    // One read: the failed run read the target a second time before its PATCH.
    assertThat(h.cloud.gets(VMSS_A)).isEqualTo(1);
  }

  /**
   * Found by the chaos run, with the broker just restarted: the ledger write that records a
   * read-back can wait, and a refresh asked meanwhile (the drift timer) failed that run ("a fresh
   * read left the target unknown") and counted one more failure before its PATCH.
   */
  @Test
  void aRefreshAskedWhileTheReadBackIsRecordedDoesNotFailTheRun() {
    bind("id1", "sel");
    List<Integer> failuresAtPatch = new ArrayList<>();
    h.cloud.beforePatch(t -> failuresAtPatch.add(h.reconciler.work(t).failures));
    h.cloud.failNext(VMSS_A, CloudException.of(CloudFailure.TRANSIENT, "timeout"));
    h.output.onceIntentResolved(h.reconciler::refreshAll);
    PodRecord p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);
    h.settle();

    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    // The second PATCH follows the first one's unknown outcome only, not a failed run as well.
    assertThat(failuresAtPatch).containsExactly(0, 1);
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

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
  }

  @Test
  void aConvergedTargetMakesNoCallsAndPublishesNothing() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    h.settle();
    int published = h.output.published.get();
    int patches = h.cloud.patches(VMSS_A);

    h.pod(p);
    h.config(identity("default", "id1"));
    h.settle();

    assertThat(h.output.published.get()).isEqualTo(published);
    assertThat(h.cloud.patches(VMSS_A)).isEqualTo(patches);
  }

  @Test
  void driftRepairReAddsAManuallyRemovedIdentity() {
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
    h.settle();

    h.cloud.remove(VMSS_A, idOf("id1"));
    h.reconciler.refreshAll();

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A).contains(idOf("id1")));
  }

  @Test
  void lingerKeepsAnUnreferencedIdentityUntilItsTimeIsUp() {
    h.close();
    h = new Harness("assigner.linger", "5m");
    bind("id1", "sel");
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).contains(idOf("id1"));

    h.deletePod(p);
    h.time.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(h.assignment(p)).isNull();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));

    h.time.advance(Duration.ofSeconds(2)); // its own timer, no new event
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
  }

  @Test
  void moreThan150IdentitiesGoInSeveralRequests() {
    for (int i = 0; i < 160; i++) {
      bind("many" + i, "s" + i);
      h.pod(pod("default", "p" + i, VMSS_A, "s" + i));
    }

    h.settle();
    assertThat(h.cloud.identitiesOn(VMSS_A)).hasSize(160);
    assertThat(h.cloud.requests()).allSatisfy(r -> assertThat(r.size()).isLessThanOrEqualTo(150));
  }

  @Test
  void releaseWaitsForTheOperationInFlight() {
    bind("id1", "sel");
    List<CompletableFuture<Void>> released = new ArrayList<>();
    h.cloud.whilePatching(
        VMSS_A,
        () -> {
          h.reconciler.own(t -> false);
          released.add(h.reconciler.release(t -> true));
          h.settle();
          assertThat(released.get(0)).isNotDone();
        });
    h.pod(pod("default", "p1", VMSS_A, "sel"));

    h.settle();
    assertThat(released.get(0)).isDone();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.output.ledger(VMSS_A).intent()).isNull();
  }

  @Test
  void aTargetOwnedAgainBeforeItsHandedOverRunEndsKeepsTheChangesMadeMeanwhile() {
    bind("id1", "s1");
    bind("id2", "s2");
    List<CompletableFuture<Void>> released = new ArrayList<>();
    h.cloud.whilePatching(
        VMSS_A,
        () -> {
          // Revoked mid-PATCH, the hand-over times out, and the partition comes back at once.
          h.reconciler.own(t -> false);
          released.add(h.reconciler.release(t -> true));
          h.reconciler.own(t -> true);
          h.pod(pod("default", "p2", VMSS_A, "s2"));
        });
    h.pod(pod("default", "p1", VMSS_A, "s1"));

    h.settle();
    assertThat(released.get(0)).isDone();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactlyInAnyOrder(idOf("id1"), idOf("id2"));
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
    h.settle();
    assertThat(states(a)).containsExactly(AssignmentState.FAILED);
    assertThat(states(b)).containsExactly(AssignmentState.FAILED);

    assertThat(h.registry.get("podidentity.assigner.identities.quarantined").gauge().value())
        .isEqualTo(2.0);
  }

  @Test
  void releasingATargetWaitingForItsTimerLeavesNoQueueDepthBehind() {
    Harness slow = new Harness("assigner.batch-window", "1m", "assigner.batch-max", "1m");
    try {
      slow.config(identity("default", "id1"));
      slow.config(binding("default", "b-id1", "id1", "sel"));
      slow.pod(pod("default", "p1", VMSS_A, "sel"));
      assertThat(slow.registry.get("podidentity.assigner.queue.depth").gauge().value())
          .isEqualTo(1.0);

      slow.reconciler.own(t -> false);
      assertThat(slow.reconciler.release(t -> true)).isDone();

      assertThat(slow.registry.get("podidentity.assigner.queue.depth").gauge().value()).isZero();
    } finally {
      slow.close();
    }
  }
}
