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
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Blocked;
import dev.podidentity.events.LedgerRecord.Cause;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While a target's change waits (ARM's 429, a backoff, the assigner's own budget), its ledger says
 * until when and why, at the wall-clock instant the next PATCH is actually made; the next write
 * after it clears that. On virtual time, so instants are asserted exactly.
 */
class BlockedLedgerTest {
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

  /** The wall-clock instant of every PATCH from now on, each target's included. */
  List<Instant> patchInstants() {
    List<Instant> at = new ArrayList<>();
    h.cloud.beforePatch(t -> at.add(h.time.instant()));
    return at;
  }

  /** Each distinct wait the target's ledger said, in the order written. */
  List<Blocked> waits(ComputeTarget target) {
    List<Blocked> out = new ArrayList<>();
    for (LedgerRecord l : h.output.ledgerWrites) {
      if (l.target().equals(target)
          && l.blocked() != null
          && (out.isEmpty() || !out.get(out.size() - 1).equals(l.blocked()))) {
        out.add(l.blocked());
      }
    }
    return out;
  }

  static Instant ms(Instant i) {
    return i.truncatedTo(ChronoUnit.MILLIS);
  }

  @Test
  void a429SaysRetryAfterAndTheInstantOfTheRetryThenClearsOnSuccess() {
    bind("id1", "sel");
    h.cloud.failNext(
        VMSS_A,
        new CloudException(CloudFailure.THROTTLED, "429", Duration.ofSeconds(30), Map.of(), null));
    List<Instant> patchedAt = patchInstants();
    var p = pod("default", "p1", VMSS_A, "sel");

    h.pod(p);
    h.time.advance(Duration.ofSeconds(1));

    Blocked blocked = h.output.ledger(VMSS_A).blocked();
    assertThat(blocked.cause()).isEqualTo(Cause.THROTTLED);
    assertThat(blocked.reason()).isEqualTo("ARM 429, Retry-After 30s");
    // Retry-After plus at most a fifth, from the refused PATCH.
    assertThat(blocked.until())
        .isBetween(patchedAt.get(0).plusSeconds(30), patchedAt.get(0).plusSeconds(36));
    assertThat(h.output.ledger(VMSS_A).intent()).as("nothing was applied").isNull();

    h.settle();

    assertThat(patchedAt).hasSize(2);
    assertThat(blocked.until()).isEqualTo(ms(patchedAt.get(1)));
    assertThat(h.output.ledger(VMSS_A).blocked()).isNull();
    assertThat(h.output.ledger(VMSS_A).owned()).containsExactly(idOf("id1"));
    assertThat(h.assignment(p).identities().get(0).state()).isEqualTo(AssignmentState.ASSIGNED);
  }

  @Test
  void aRunWokenDuringARetryAfterPublishesButDoesNotPatchBeforeIt() {
    bind("id1", "sel1");
    bind("id2", "sel2");
    h.cloud.failNext(
        VMSS_A,
        new CloudException(CloudFailure.THROTTLED, "429", Duration.ofSeconds(30), Map.of(), null));
    List<Instant> patchedAt = patchInstants();
    h.pod(pod("default", "p1", VMSS_A, "sel1"));
    h.time.advance(Duration.ofSeconds(5));
    Blocked throttled = h.output.ledger(VMSS_A).blocked();

    var p2 = pod("default", "p2", VMSS_A, "sel2");
    h.pod(p2);
    // Drift repair wakes every target at once, as does input that came during a run.
    h.reconciler.refreshAll();
    // Past the target budget's next token (15 s after the refused PATCH took one), short of 30 s.
    h.time.advance(Duration.ofSeconds(20));

    assertThat(patchedAt).as("ARM asked for 30 s: the woken run must not PATCH").hasSize(1);
    assertThat(h.assignment(p2).identities().get(0).state()).isEqualTo(AssignmentState.CREATED);
    assertThat(h.output.ledger(VMSS_A).blocked()).as("the 429's wait stays").isEqualTo(throttled);
    h.settle();
    assertThat(patchedAt.get(1)).isAfterOrEqualTo(patchedAt.get(0).plusSeconds(30));
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactlyInAnyOrder(idOf("id1"), idOf("id2"));
  }

  @Test
  void backoffAfterConflictsCountsTheFailuresAndEachInstantIsTheNextAttempt() {
    bind("id1", "sel");
    for (int i = 0; i < 3; i++) {
      h.cloud.failNext(VMSS_A, CloudException.of(CloudFailure.CONFLICT, "409"));
    }
    List<Instant> patchedAt = patchInstants();

    h.pod(pod("default", "p1", VMSS_A, "sel"));
    h.settle();

    assertThat(waits(VMSS_A))
        .extracting(Blocked::reason)
        .containsExactly(
            "backing off after 409 Conflict (1st failure)",
            "backing off after 409 Conflict (2nd failure)",
            "backing off after 409 Conflict (3rd failure)");
    assertThat(waits(VMSS_A)).extracting(Blocked::cause).containsOnly(Cause.BACKOFF);
    assertThat(waits(VMSS_A))
        .extracting(Blocked::until)
        .containsExactly(ms(patchedAt.get(1)), ms(patchedAt.get(2)), ms(patchedAt.get(3)));
    assertThat(h.output.ledger(VMSS_A).blocked()).isNull();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
  }

  @Test
  void anUnknownOutcomeKeepsItsIntentWhileItWaitsThenIsReadBackAndCleared() {
    bind("id1", "sel");
    h.cloud.failNext(VMSS_A, CloudException.of(CloudFailure.TRANSIENT, "503"));
    List<Instant> patchedAt = patchInstants();

    h.pod(pod("default", "p1", VMSS_A, "sel"));
    h.time.advance(Duration.ofMillis(500));

    LedgerRecord waiting = h.output.ledger(VMSS_A);
    assertThat(waiting.intent()).isNotNull();
    assertThat(waiting.blocked().reason())
        .isEqualTo(
            "backing off after an unknown outcome (5xx, timeout or lost answer) (1st failure)");
    h.settle();
    assertThat(waiting.blocked().until()).isEqualTo(ms(patchedAt.get(1)));
    assertThat(h.output.ledger(VMSS_A).blocked()).isNull();
    assertThat(h.output.ledger(VMSS_A).intent()).isNull();
  }

  @Test
  void theTargetsOwnBudgetSaysSoAndARunWokenMeanwhileWritesNothingNew() {
    h.close();
    h = new Harness("assigner.budget.target-burst", "1");
    bind("id1", "sel1");
    bind("id2", "sel2");
    List<Instant> patchedAt = patchInstants();
    h.pod(pod("default", "p1", VMSS_A, "sel1"));
    h.time.advance(Duration.ofSeconds(1));
    assertThat(patchedAt).hasSize(1);

    h.pod(pod("default", "p2", VMSS_A, "sel2"));
    h.time.advance(Duration.ofSeconds(1));
    Blocked blocked = h.output.ledger(VMSS_A).blocked();
    int writes = h.output.ledgerWrites.size();
    h.reconciler.refreshAll();
    h.time.advance(Duration.ofSeconds(1));

    assertThat(h.output.ledgerWrites).as("an unchanged wait is not written again").hasSize(writes);
    assertThat(blocked.cause()).isEqualTo(Cause.BUDGET);
    assertThat(blocked.reason()).isEqualTo("own budget: 4 PATCH per minute per scale set");
    h.settle();
    assertThat(patchedAt).hasSize(2);
    // 4 a minute: the next token 15 s after the first PATCH took the only one.
    assertThat(blocked.until())
        .isEqualTo(ms(patchedAt.get(1)))
        .isEqualTo(ms(patchedAt.get(0).plusSeconds(15)));
    assertThat(h.output.ledger(VMSS_A).blocked()).isNull();
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactlyInAnyOrder(idOf("id1"), idOf("id2"));
  }

  @Test
  void theSubscriptionsBudgetIsNamedWhenItIsTheOneThatHoldsATargetBack() {
    h.close();
    h = new Harness("assigner.budget.subscription-per-minute", "1");
    bind("id1", "sel");
    List<Instant> patchedAt = patchInstants();
    h.pod(pod("default", "a", VMSS_A, "sel"));
    h.pod(pod("default", "b", VMSS_B, "sel"));
    h.time.advance(Duration.ofSeconds(1));

    ComputeTarget waiting = h.output.ledger(VMSS_B).blocked() != null ? VMSS_B : VMSS_A;
    Blocked blocked = h.output.ledger(waiting).blocked();
    assertThat(blocked.reason()).isEqualTo("own budget: 1 PATCH per minute per subscription");
    h.settle();
    assertThat(blocked.until()).isEqualTo(ms(patchedAt.get(1)));
    assertThat(h.output.ledger(VMSS_A).blocked()).isNull();
    assertThat(h.output.ledger(VMSS_B).blocked()).isNull();
  }

  @Test
  void aReplayedWaitThatIsOverIsClearedAndChangesNothingElse() {
    bind("id1", "sel");
    h.cloud.put(VMSS_A, cloud("id1"));
    h.ledger(
        new LedgerRecord(
            1,
            VMSS_A,
            List.of(idOf("id1")),
            null,
            new Blocked(Instant.parse("2026-12-06T11:00:00Z"), Cause.THROTTLED, "ARM 429")));

    h.pod(pod("default", "p1", VMSS_A, "sel"));
    h.settle();

    assertThat(h.cloud.patches(VMSS_A)).isZero();
    assertThat(h.output.ledger(VMSS_A))
        .isEqualTo(new LedgerRecord(1, VMSS_A, List.of(idOf("id1")), null));
    assertThat(h.output.ledgerWrites.stream().filter(Objects::nonNull)).hasSize(1);
  }

  @Test
  void aTargetThatNeverWaitsNeverWritesABlockedLedger() {
    bind("id1", "sel");
    h.pod(pod("default", "p1", VMSS_A, "sel"));
    h.settle();

    assertThat(h.output.ledgerWrites).isNotEmpty().allMatch(l -> l.blocked() == null);
  }
}
