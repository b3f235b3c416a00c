package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Blocked;
import dev.podidentity.events.LedgerRecord.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the ledger says while a target waits, one table row a case. */
class BlockingTest {
  static final Instant T = Instant.parse("2026-12-06T12:00:30Z");

  static Stream<Arguments> reasons() {
    ComputeTarget vm = ComputeTarget.virtualMachine("sub", "rg", "vm-1");
    return Stream.of(
        Arguments.of(Blocking.throttled(T, Duration.ofSeconds(30)), "ARM 429, Retry-After 30s"),
        Arguments.of(Blocking.throttled(T, Duration.ofMillis(1500)), "ARM 429, Retry-After 1.5s"),
        Arguments.of(Blocking.throttled(T, null), "ARM 429 without Retry-After"),
        Arguments.of(
            Blocking.backoff(T, CloudFailure.CONFLICT, 3),
            "backing off after 409 Conflict (3rd failure)"),
        Arguments.of(
            Blocking.backoff(T, CloudFailure.TARGET_NOT_FOUND, 1),
            "backing off after 404 Not Found (the target is gone) (1st failure)"),
        Arguments.of(
            Blocking.backoff(T, CloudFailure.TRANSIENT, 12),
            "backing off after an unknown outcome (5xx, timeout or lost answer) (12th failure)"),
        Arguments.of(
            Blocking.budget(T, VMSS_A.kind(), false, 4),
            "own budget: 4 PATCH per minute per scale set"),
        Arguments.of(
            Blocking.budget(T, vm.kind(), false, 4), "own budget: 4 PATCH per minute per VM"),
        Arguments.of(
            Blocking.budget(T, VMSS_A.kind(), true, 500),
            "own budget: 500 PATCH per minute per subscription"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("reasons")
  void aWaitSaysWhyInWordsAndUntilWhen(Blocked blocked, String reason) {
    assertThat(blocked.reason()).isEqualTo(reason);
    assertThat(blocked.until()).isEqualTo(T);
  }

  @Test
  void causesTellThrottlingBackoffAndBudgetApart() {
    assertThat(Blocking.throttled(T, null).cause()).isEqualTo(Cause.THROTTLED);
    assertThat(Blocking.backoff(T, CloudFailure.CONFLICT, 1).cause()).isEqualTo(Cause.BACKOFF);
    assertThat(Blocking.budget(T, VMSS_A.kind(), false, 4).cause()).isEqualTo(Cause.BUDGET);
  }

  @Test
  void ordinalsReadAsEnglish() {
    assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111).stream().map(Blocking::ordinal))
        .containsExactly(
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th");
  }

  @Test
  void theInstantIsTheWaitFromNowToTheMillisecond() {
    assertThat(Blocking.until(T, Duration.ofMillis(1_234).toNanos() + 999_999))
        .isEqualTo(Instant.parse("2026-12-06T12:00:31.234Z"));
  }

  static Stream<Arguments> changes() {
    Blocked b = Blocking.throttled(T, Duration.ofSeconds(30));
    return Stream.of(
        Arguments.of(null, null, false),
        Arguments.of(null, b, true),
        Arguments.of(b, null, true),
        Arguments.of(b, b, false),
        Arguments.of(b, Blocking.throttled(T.plusMillis(1_000), Duration.ofSeconds(30)), false),
        Arguments.of(b, Blocking.throttled(T.minusMillis(1_000), Duration.ofSeconds(30)), false),
        Arguments.of(b, Blocking.throttled(T.plusMillis(1_001), Duration.ofSeconds(30)), true),
        Arguments.of(b, Blocking.throttled(T, Duration.ofSeconds(20)), true),
        Arguments.of(b, Blocking.backoff(T, CloudFailure.CONFLICT, 1), true),
        Arguments.of(
            Blocking.backoff(T, CloudFailure.CONFLICT, 1),
            Blocking.backoff(T, CloudFailure.CONFLICT, 2),
            true));
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("changes")
  void onlyAChangeWorthSeeingIsWritten(Blocked written, Blocked next, boolean changed) {
    assertThat(Blocking.changed(written, next)).isEqualTo(changed);
  }

  @Test
  void anUnchangedWaitKeepsTheSameLedgerAndAChangeKeepsOwnershipAndIntent() {
    Blocked b = Blocking.throttled(T, Duration.ofSeconds(30));
    LedgerRecord.Intent intent = new LedgerRecord.Intent("op", List.of(idOf("new")), List.of());
    LedgerRecord ledger = new LedgerRecord(1, VMSS_A, List.of(idOf("ours")), intent, b);

    assertThat(Blocking.on(VMSS_A, ledger, Blocking.throttled(T.plusMillis(500), null)))
        .isNotSameAs(ledger);
    assertThat(
            Blocking.on(
                VMSS_A, ledger, Blocking.throttled(T.plusMillis(500), Duration.ofSeconds(30))))
        .isSameAs(ledger);
    LedgerRecord cleared = Blocking.on(VMSS_A, ledger, null);
    assertThat(cleared.blocked()).isNull();
    assertThat(cleared.owned()).isEqualTo(ledger.owned());
    assertThat(cleared.intent()).isEqualTo(intent);
  }

  @Test
  void aTargetWithoutALedgerGetsOneOwningNothingOnlyWhenItWaits() {
    Blocked b = Blocking.budget(T, VMSS_A.kind(), false, 4);

    assertThat(Blocking.on(VMSS_A, null, null)).isNull();
    LedgerRecord first = Blocking.on(VMSS_A, null, b);
    assertThat(first.owned()).isEmpty();
    assertThat(first.intent()).isNull();
    assertThat(first.blocked()).isEqualTo(b);
  }

  @Test
  void adoptingKeepsTheWaitAndAPatchIntentEndsIt() {
    Blocked b = Blocking.budget(T, VMSS_A.kind(), false, 4);
    LedgerRecord waiting = new LedgerRecord(1, VMSS_A, List.of(), null, b);

    LedgerRecord adopted =
        Ownership.adopt(
            VMSS_A,
            waiting,
            Set.of(idOf("theirs")),
            Map.of(idOf("theirs"), Fixtures.cloud("theirs")));
    LedgerRecord patching =
        Ownership.withIntent(
            VMSS_A,
            adopted,
            "op",
            new Delta(new java.util.TreeSet<>(Set.of(idOf("new"))), new java.util.TreeSet<>()));

    assertThat(adopted.owned()).containsExactly(idOf("theirs"));
    assertThat(adopted.blocked()).isEqualTo(b);
    assertThat(patching.blocked()).isNull();
  }
}
