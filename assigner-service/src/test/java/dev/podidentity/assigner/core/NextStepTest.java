package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.LedgerRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The run's whole decision, one table row a case. */
class NextStepTest {
  static final long MINUTE = 60_000_000_000L;

  static TargetPlan plan(String... referenced) {
    TreeMap<String, Integer> desired = new TreeMap<>();
    for (String n : referenced) {
      desired.put(idOf(n), 1);
    }
    return new TargetPlan(VMSS_A, desired, List.of());
  }

  static Map<String, CloudIdentity> on(String... names) {
    Map<String, CloudIdentity> m = new HashMap<>();
    for (String n : names) {
      m.put(idOf(n), cloud(n));
    }
    return m;
  }

  static LedgerRecord owned(String... names) {
    return new LedgerRecord(1, VMSS_A, List.of(names).stream().map(Fixtures::idOf).toList(), null);
  }

  static Delta adding(String name) {
    return new Delta(new TreeSet<>(Set.of(idOf(name))), new TreeSet<>());
  }

  static NextStep decide(
      TargetPlan plan, Map<String, CloudIdentity> actual, LedgerRecord ledger, long budgetWait) {
    return NextStep.decide(
        false, plan, actual, ledger, Set.of(), Protection.none(), Lingering.NONE, budgetWait);
  }

  @Test
  void aTargetNeverReadIsReadFirst() {
    assertThat(decide(plan("a"), null, null, 0)).isEqualTo(new NextStep.Read());
  }

  @Test
  void aRefreshAskedForIsReadFirstEvenWhenConverged() {
    assertThat(
            NextStep.decide(
                true,
                plan("a"),
                on("a"),
                owned("a"),
                Set.of(),
                Protection.none(),
                Lingering.NONE,
                0))
        .isEqualTo(new NextStep.Read());
  }

  @Test
  void anUnresolvedIntentIsReadBeforeAnythingElse() {
    LedgerRecord intent = Ownership.withIntent(VMSS_A, owned(), "op-1", adding("a"));

    assertThat(decide(plan("a"), on(), intent, 0)).isEqualTo(new NextStep.Read());
  }

  @Test
  void aConvergedTargetIsIdle() {
    assertThat(decide(plan("a"), on("a"), owned("a"), 0)).isEqualTo(new NextStep.Idle(-1));
  }

  @Test
  void aMissingIdentityIsPatchedIn() {
    assertThat(decide(plan("a"), on(), null, 0)).isEqualTo(new NextStep.Patch(adding("a")));
  }

  @Test
  void anOwnedUnreferencedIdentityIsPatchedOutAndAForeignOneStays() {
    assertThat(decide(plan(), on("ours", "theirs"), owned("ours"), 0))
        .isEqualTo(
            new NextStep.Patch(new Delta(new TreeSet<>(), new TreeSet<>(Set.of(idOf("ours"))))));
  }

  @Test
  void withoutBudgetTheChangeWaitsForIt() {
    assertThat(decide(plan("a"), on(), null, 15 * MINUTE / 60))
        .isEqualTo(new NextStep.Wait(15 * MINUTE / 60));
  }

  @Test
  void noBudgetIsNeededToStayIdle() {
    assertThat(decide(plan("a"), on("a"), null, MINUTE)).isEqualTo(new NextStep.Idle(-1));
  }

  @Test
  void aQuarantinedIdentityIsNotPatchedIn() {
    assertThat(
            NextStep.decide(
                false,
                plan("refused"),
                on(),
                null,
                Set.of(idOf("refused")),
                Protection.none(),
                Lingering.NONE,
                0))
        .isEqualTo(new NextStep.Idle(-1));
  }

  @Test
  void aProtectedIdentityIsNeverPatchedOutEvenWhenOwned() {
    assertThat(
            NextStep.decide(
                false,
                plan(),
                on("kubelet"),
                owned("kubelet"),
                Set.of(),
                new Protection(List.of("client-kubelet")),
                Lingering.NONE,
                0))
        .isEqualTo(new NextStep.Idle(-1));
  }

  @Test
  void aLingeringIdentityStaysAndTheTargetLooksAgainWhenItFallsDue() {
    Lingering lingering =
        Lingering.at(0, 5 * MINUTE, List.of(idOf("a")), Set.of(idOf("a")), plan(), Map.of());

    NextStep step =
        NextStep.decide(
            false, plan(), on("a"), owned("a"), Set.of(), Protection.none(), lingering, 0);

    assertThat(step).isEqualTo(new NextStep.Idle(5 * MINUTE));
  }

  @Test
  void moreThanOneRequestsWorthGoesOutOneRequestAtATime() {
    String[] many = new String[Delta.MAX_IDENTITIES_PER_REQUEST + 10];
    for (int i = 0; i < many.length; i++) {
      many[i] = "id" + i;
    }

    NextStep step = decide(plan(many), on(), null, 0);

    assertThat(((NextStep.Patch) step).change().add()).hasSize(Delta.MAX_IDENTITIES_PER_REQUEST);
  }
}
