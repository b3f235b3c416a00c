package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.AssignmentSummary.IdentityRef;
import dev.podidentity.cli.core.AssignmentSummary.OnTarget;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.LedgerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssignmentSummaryTest {
  private static final String SUB = "11111111-2222-3333-4444-555555555555";
  private static final ComputeTarget A = ComputeTarget.scaleSet(SUB, "MC_rg", "aks-a");
  private static final ComputeTarget B = ComputeTarget.scaleSet(SUB, "MC_rg", "aks-b");
  private static final ComputeTarget C = ComputeTarget.scaleSet(SUB, "MC_rg", "aks-c");
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:05Z");
  private static final AtomicInteger PODS = new AtomicInteger();
  private static final IdentityRef DEMO = new IdentityRef("apps", "demo");
  private static final IdentityRef OTHER = new IdentityRef("apps", "other");
  private static final String DEMO_ID = id("demo");
  private static final String OTHER_ID = id("other");
  private static final String LINKED =
      "LinkedAuthorizationFailed: The client 'x' has permission to perform action on scope 'y'";

  private static String id(String name) {
    return "/subscriptions/"
        + SUB
        + "/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/"
        + name;
  }

  private static AssignedIdentity identity(IdentityRef ref, AssignmentState state, String reason) {
    return new AssignedIdentity(
        ref.namespace(),
        ref.name(),
        ref.name() + "-binding",
        IdentityType.USER_ASSIGNED_MSI,
        id(ref.name()),
        "66666666-7777-8888-9999-000000000000",
        null,
        state,
        reason);
  }

  private static AssignmentRecord pod(String uid, ComputeTarget target, AssignedIdentity... ids) {
    return new AssignmentRecord(
        1, uid, "apps", "pod-" + uid, target.name() + "000000", target, Arrays.asList(ids));
  }

  private static List<AssignmentRecord> pods(
      int count, ComputeTarget target, IdentityRef ref, AssignmentState state, String reason) {
    List<AssignmentRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(pod("pod-" + PODS.incrementAndGet(), target, identity(ref, state, reason)));
    }
    return out;
  }

  private static LedgerRecord ledger(ComputeTarget target, String... owned) {
    return new LedgerRecord(1, target, List.of(owned), null);
  }

  @Test
  void countsPodsByStatePerScaleSetAndSaysWhichLedgerOwnsTheIdentity() {
    List<AssignmentRecord> records = new ArrayList<>();
    records.addAll(pods(3, A, DEMO, AssignmentState.ASSIGNED, null));
    records.addAll(pods(1, A, DEMO, AssignmentState.CREATED, null));
    records.addAll(pods(1, B, DEMO, AssignmentState.FAILED, LINKED));

    Map<IdentityRef, List<OnTarget>> summary =
        AssignmentSummary.of(records, List.of(ledger(A, DEMO_ID), ledger(B)), Map.of(), NOW);

    assertThat(summary.get(DEMO))
        .containsExactly(
            new OnTarget(A, 3, 1, 0, List.of(), true),
            new OnTarget(B, 0, 0, 1, List.of(LINKED), false));
    assertThat(AssignmentSummary.cell(summary.get(DEMO)))
        .isEqualTo("aks-a: 3 assigned, 1 pending; aks-b: 1 failed (LinkedAuthorizationFailed)");
  }

  @ParameterizedTest(name = "{0}/{1}/{2} {3} owned={4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "2 | 0 | 0 | -                                   | true  | aks-a: 2 assigned",
        "0 | 1 | 0 | -                                   | false | aks-a: 1 pending",
        "1 | 1 | 2 | QuotaExceeded: too many             | true  | aks-a: 1 assigned, 1 pending, 2 failed (QuotaExceeded)",
        "0 | 0 | 0 | -                                   | true  | aks-a: no pods, still in the ledger",
        "0 | 0 | 0 | -                                   | false | aks-a: no pods",
        "0 | 0 | 3 | a: x;b: y;c: z                      | false | aks-a: 3 failed (a, b, +1 more)",
        "0 | 0 | 2 | a: x;a: y                           | false | aks-a: 2 failed (a)",
      })
  void aTargetsCellSaysWhatItsPodsAreWaitingFor(
      int assigned, int pending, int failed, String reasons, boolean owned, String cell) {
    List<String> list = reasons == null ? List.of() : List.of(reasons.split(";"));

    assertThat(new OnTarget(A, assigned, pending, failed, list, owned).cell()).isEqualTo(cell);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "LinkedAuthorizationFailed: The client has no permission | LinkedAuthorizationFailed",
        "FailedIdentityOperation: Identity not found              | FailedIdentityOperation",
        "AzureIdentity apps/x is invalid: resourceID is empty     | AzureIdentity apps/x is invalid: resourc...",
        "identity not found                                       | identity not found",
      })
  void aReasonIsShortenedToArmsErrorCodeWhenItStartsWithOne(String reason, String shown) {
    assertThat(AssignmentSummary.shortReason(reason)).isEqualTo(shown);
  }

  @Test
  void reasonsAreDistinctAndTheOneMostPodsCarryComesFirst() {
    List<AssignmentRecord> records = new ArrayList<>();
    records.addAll(pods(1, A, DEMO, AssignmentState.FAILED, "Conflict: busy"));
    records.addAll(pods(2, A, DEMO, AssignmentState.FAILED, LINKED));

    OnTarget a = AssignmentSummary.of(records, List.of(), Map.of(), NOW).get(DEMO).get(0);

    assertThat(a.failed()).isEqualTo(3);
    assertThat(a.reasons()).containsExactly(LINKED, "Conflict: busy");
  }

  @Test
  void aPodBoundTwiceToOneIdentityCountsOnce() {
    AssignmentRecord twice =
        pod(
            "p1",
            A,
            identity(DEMO, AssignmentState.ASSIGNED, null),
            new AssignedIdentity(
                "apps",
                "demo",
                "second-binding",
                IdentityType.USER_ASSIGNED_MSI,
                DEMO_ID,
                null,
                null,
                AssignmentState.ASSIGNED,
                null));

    assertThat(AssignmentSummary.of(List.of(twice), List.of(), Map.of(), NOW).get(DEMO))
        .containsExactly(new OnTarget(A, 1, 0, 0, List.of(), false));
  }

  @Test
  void aTargetWhoseLedgerStillOwnsTheIdentityIsListedWithoutPods() {
    String mixedCase = DEMO_ID.replace("microsoft.managedidentity", "Microsoft.ManagedIdentity");

    Map<IdentityRef, List<OnTarget>> summary =
        AssignmentSummary.of(
            pods(1, A, OTHER, AssignmentState.ASSIGNED, null),
            List.of(ledger(C, DEMO_ID), ledger(B, OTHER_ID)),
            Map.of(DEMO, mixedCase, OTHER, OTHER_ID),
            NOW);

    assertThat(summary.get(DEMO)).containsExactly(new OnTarget(C, 0, 0, 0, List.of(), true));
    assertThat(summary.get(OTHER))
        .containsExactly(
            new OnTarget(A, 1, 0, 0, List.of(), false), new OnTarget(B, 0, 0, 0, List.of(), true));
  }

  @Test
  void anIdentityWithNoPodsAndNoLedgerHasNoTargets() {
    assertThat(
            AssignmentSummary.of(
                pods(1, A, OTHER, AssignmentState.ASSIGNED, null),
                List.of(ledger(A, OTHER_ID)),
                Map.of(DEMO, DEMO_ID),
                NOW))
        .doesNotContainKey(DEMO)
        .containsKey(OTHER);
  }

  @Test
  void jsonCarriesTheFullArmIdAndWideEveryReason() {
    OnTarget t = new OnTarget(B, 0, 1, 2, List.of(LINKED, "Conflict: busy"), true);

    assertThat(t.asMap())
        .containsEntry("name", "aks-b")
        .containsEntry(
            "id",
            "/subscriptions/"
                + SUB
                + "/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-b")
        .containsEntry("pending", 1)
        .containsEntry("failed", 2)
        .containsEntry("reasons", List.of(LINKED, "Conflict: busy"))
        .containsEntry("ownedByLedger", true);
    assertThat(t.wideCells())
        .containsExactly("aks-b", "0", "1", "2", "yes", "", LINKED + "; Conflict: busy");
    assertThat(t.asMap()).doesNotContainKey("blocked");
  }

  private static LedgerRecord blocked(ComputeTarget target, Instant until, String... owned) {
    return new LedgerRecord(
        1,
        target,
        List.of(owned),
        null,
        new LedgerRecord.Blocked(until, LedgerRecord.Cause.THROTTLED, "ARM 429, Retry-After 30s"));
  }

  @Test
  void aScaleSetThatIsThrottledSaysUntilWhenInEveryFormWhileThatIsAhead() {
    List<AssignmentRecord> records = new ArrayList<>();
    records.addAll(pods(1, A, DEMO, AssignmentState.ASSIGNED, null));
    records.addAll(pods(2, A, DEMO, AssignmentState.CREATED, null));

    OnTarget a =
        AssignmentSummary.of(
                records,
                List.of(blocked(A, NOW.plusSeconds(25), DEMO_ID)),
                Map.of(DEMO, DEMO_ID),
                NOW)
            .get(DEMO)
            .get(0);

    assertThat(a.cell())
        .isEqualTo("aks-a: 1 assigned, 2 pending, throttled until 12:00:30Z (in 25 s)");
    assertThat(a.wideCells())
        .containsExactly(
            "aks-a",
            "1",
            "2",
            "0",
            "yes",
            "throttled until 12:00:30Z (in 25 s): ARM 429, Retry-After 30s",
            "");
    assertThat(a.asMap())
        .containsEntry(
            "blocked",
            Map.of(
                "until", "2026-12-06T12:00:30Z",
                "cause", "THROTTLED",
                "reason", "ARM 429, Retry-After 30s",
                "over", false));
  }

  @Test
  void aWaitThatIsOverSaysNothingInTheTableAndIsMarkedOverInData() {
    OnTarget a =
        AssignmentSummary.of(
                pods(1, A, DEMO, AssignmentState.CREATED, null),
                List.of(blocked(A, NOW.minusSeconds(5), DEMO_ID)),
                Map.of(DEMO, DEMO_ID),
                NOW)
            .get(DEMO)
            .get(0);

    assertThat(a.cell()).isEqualTo("aks-a: 1 pending");
    assertThat(a.wideCells().get(5)).isEmpty();
    assertThat(a.asMap().get("blocked"))
        .isEqualTo(
            Map.of(
                "until", "2026-12-06T12:00:00Z",
                "cause", "THROTTLED",
                "reason", "ARM 429, Retry-After 30s",
                "over", true));
  }

  @Test
  void aWaitOnAnotherScaleSetIsNotThisOnes() {
    List<AssignmentRecord> records = new ArrayList<>();
    records.addAll(pods(1, A, DEMO, AssignmentState.CREATED, null));
    records.addAll(pods(1, B, DEMO, AssignmentState.CREATED, null));

    List<OnTarget> targets =
        AssignmentSummary.of(
                records, List.of(blocked(B, NOW.plusSeconds(25))), Map.of(DEMO, DEMO_ID), NOW)
            .get(DEMO);

    assertThat(AssignmentSummary.cell(targets))
        .isEqualTo("aks-a: 1 pending; aks-b: 1 pending, throttled until 12:00:30Z (in 25 s)");
  }
}
