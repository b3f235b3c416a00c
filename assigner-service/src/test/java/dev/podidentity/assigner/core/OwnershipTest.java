package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.LedgerRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  @Test
  void identitiesWeMeantToAddAndThatArrivedBecomeOurs() {
    LedgerRecord before = new LedgerRecord(1, VMSS_A, List.of(idOf("old")), null);
    Delta delta =
        new Delta(new java.util.TreeSet<>(Set.of(idOf("new"))), new java.util.TreeSet<>());
    LedgerRecord intent = Ownership.withIntent(VMSS_A, before, "op-1", delta);

    LedgerRecord after = Ownership.resolve(VMSS_A, intent, DeltaTest.actual("old", "new"));

    assertThat(intent.intent().add()).containsExactly(idOf("new"));
    assertThat(intent.owned()).containsExactly(idOf("old"));
    assertThat(after.owned()).containsExactly(idOf("new"), idOf("old"));
    assertThat(after.intent()).isNull();
  }

  @Test
  void anIntentWhosePatchNeverHappenedOwnsNothingNew() {
    Delta delta =
        new Delta(
            new java.util.TreeSet<>(Set.of(idOf("new"))),
            new java.util.TreeSet<>(Set.of(idOf("old"))));
    LedgerRecord intent =
        Ownership.withIntent(
            VMSS_A, new LedgerRecord(1, VMSS_A, List.of(idOf("old")), null), "op", delta);

    LedgerRecord after = Ownership.resolve(VMSS_A, intent, DeltaTest.actual("old"));

    assertThat(after.owned()).containsExactly(idOf("old"));
  }

  @Test
  void removedIdentitiesLeaveTheLedger() {
    Delta delta =
        new Delta(new java.util.TreeSet<>(), new java.util.TreeSet<>(Set.of(idOf("old"))));
    LedgerRecord intent =
        Ownership.withIntent(
            VMSS_A, new LedgerRecord(1, VMSS_A, List.of(idOf("old")), null), "op", delta);

    assertThat(Ownership.resolve(VMSS_A, intent, DeltaTest.actual()).owned()).isEmpty();
  }

  @Test
  void claimedIdentitiesOnTheTargetAreAdoptedAndTheRestIgnored() {
    LedgerRecord before = new LedgerRecord(1, VMSS_A, List.of(idOf("ours")), null);

    LedgerRecord after =
        Ownership.adopt(
            VMSS_A,
            before,
            Set.of(idOf("aad-added"), idOf("gone-since")),
            DeltaTest.actual("ours", "aad-added", "found-there"));

    assertThat(after.owned()).containsExactly(idOf("aad-added"), idOf("ours"));
    assertThat(after.intent()).isNull();
  }

  @Test
  void adoptingIntoNoLedgerStartsOne() {
    LedgerRecord after =
        Ownership.adopt(VMSS_A, null, Set.of(idOf("aad-added")), DeltaTest.actual("aad-added"));

    assertThat(after.target()).isEqualTo(VMSS_A);
    assertThat(after.owned()).containsExactly(idOf("aad-added"));
  }

  @Test
  void nothingNewLeavesTheLedgerAsItIs() {
    LedgerRecord before = new LedgerRecord(1, VMSS_A, List.of(idOf("ours")), null);

    assertThat(Ownership.adopt(VMSS_A, before, Set.of(idOf("ours")), DeltaTest.actual("ours")))
        .isSameAs(before);
    assertThat(Ownership.adopt(VMSS_A, before, Set.of(idOf("absent")), DeltaTest.actual("ours")))
        .isSameAs(before);
    assertThat(Ownership.adopt(VMSS_A, null, Set.of(), DeltaTest.actual("ours"))).isNull();
  }

  @Test
  void nothingIsAdoptedWhileAnIntentIsUnresolved() {
    Delta delta =
        new Delta(new java.util.TreeSet<>(Set.of(idOf("new"))), new java.util.TreeSet<>());
    LedgerRecord intent = Ownership.withIntent(VMSS_A, null, "op", delta);

    assertThat(
            Ownership.adopt(
                VMSS_A, intent, Set.of(idOf("aad-added")), DeltaTest.actual("aad-added")))
        .isSameAs(intent);
  }
}
