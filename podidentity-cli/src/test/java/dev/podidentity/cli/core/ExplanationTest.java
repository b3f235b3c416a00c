package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Cause;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.authorization.Decision;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case changes one part of {@link Scenario}'s pod and checks a step, the answer, the end. */
class ExplanationTest {
  private static final String BINDING = "AzureIdentityBinding";

  /** The pod's binding and identity live in namespace {@code other}, not the pod's. */
  private static final Consumer<Scenario> IN_OTHER_NAMESPACE =
      s ->
          s.remove(BINDING, "apps", "demo-binding")
              .put(Scenario.binding("other", "demo-binding", "demo"))
              .put(Scenario.identity("other", "demo", true));

  private static final String ISSUER = "https://oidc.example/cluster/";

  /** apps/demo federated, with these credentials read from ARM. */
  private static Consumer<Scenario> federated(FederationFacts.Credentials credentials) {
    return s -> {
      s.put(Scenario.federated());
      s.federation = new FederationFacts(ISSUER, null, Map.of(Scenario.RESOURCE_ID, credentials));
    };
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "federated, a credential for the pod's service account: a token",
            federated(
                FederationFacts.Credentials.of(
                    List.of(Federation.credential(ISSUER, "apps", "web")))),
            false,
            Decision.Grant.class,
            "200: a token for apps/demo",
            Verdict.OK,
            "apps/demo's tokens come by federation for service account apps/web: federated"
                + " credential podidentity-apps-web-"),
        new Case(
            "federated, credentials for another service account only: Entra refuses",
            federated(
                FederationFacts.Credentials.of(
                    List.of(Federation.credential(ISSUER, "apps", "api")))),
            false,
            Decision.Grant.class,
            "403 (federated_refused): Entra refused the federated identity: no federated"
                + " credential for issuer "
                + ISSUER
                + " subject system:serviceaccount:apps:web",
            Verdict.PROBLEM,
            "apps/demo's tokens come by federation for service account apps/web, but it has no"
                + " federated credential for issuer "
                + ISSUER
                + " subject system:serviceaccount:apps:web"),
        new Case(
            "federated, ARM cannot be read: not checked",
            federated(FederationFacts.Credentials.unreadable("Azure cannot be read: no login")),
            false,
            Decision.Grant.class,
            "200",
            Verdict.INFO,
            "(subject system:serviceaccount:apps:web); whether it has a federated credential for"
                + " issuer "
                + ISSUER
                + " was not checked: Azure cannot be read: no login"),
        new Case(
            "federated, the cluster's issuer unknown: not checked",
            s -> {
              s.put(Scenario.federated());
              s.federation = new FederationFacts(null, "it answered 403", Map.of());
            },
            false,
            Decision.Grant.class,
            "200",
            Verdict.INFO,
            "its federated credentials were not checked: the cluster's issuer is unknown (it"
                + " answered 403)"),
        new Case(
            "the log's service account is older than the cluster's",
            s -> s.loggedServiceAccount = "default",
            false,
            Decision.Grant.class,
            "200",
            Verdict.PROBLEM,
            "service account default in the log, web in the cluster"),
        new Case(
            "assigned and bound: a token",
            s -> {},
            false,
            Decision.Grant.class,
            "200: a token for apps/demo (client id client-demo)",
            Verdict.OK,
            "is ASSIGNED on scale set rg/vmss-1 (object id principal-demo)"),
        new Case(
            "ledger says the identity is ours",
            s -> {},
            false,
            Decision.Grant.class,
            "200",
            Verdict.INFO,
            "the ledger says we added apps/demo to scale set rg/vmss-1"),
        new Case(
            "selector differs by case: a likely typo, not bound",
            s -> s.remove(BINDING, "apps", "demo-binding").put(binding("Demo")),
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "has selector 'Demo', which differs only by case from 'demo': a typo?"),
        new Case(
            "selector with a trailing space",
            s -> s.remove(BINDING, "apps", "demo-binding").put(binding("demo ")),
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "differs only by whitespace"),
        new Case(
            "selector two edits away",
            s -> s.remove(BINDING, "apps", "demo-binding").put(binding("dmeo")),
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "which is 2 edits away from 'demo'"),
        new Case(
            "no binding at all",
            s -> s.remove(BINDING, "apps", "demo-binding"),
            false,
            Decision.Deny.class,
            "is bound to no AzureIdentity",
            Verdict.PROBLEM,
            "no binding selects it: no binding has selector 'demo'"),
        new Case(
            "a misspelt label key",
            s -> {
              s.labels.remove("aadpodidbinding");
              s.labels.put("aadpodidbindng", "demo");
            },
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "aadpodidbindng=demo looks like a misspelt one"),
        new Case(
            "an exception: IMDS answers directly",
            s -> s.put(Scenario.exception("apps", Map.of("app", "web"))),
            false,
            Decision.Bypass.class,
            "forwarded to IMDS unchecked (exception skip)",
            Verdict.INFO,
            "AzurePodIdentityException apps/skip matches its labels"),
        new Case(
            "an exception in another namespace does not apply",
            s -> s.put(Scenario.exception("other", Map.of("app", "web"))),
            false,
            Decision.Grant.class,
            "200",
            Verdict.OK,
            "no AzurePodIdentityException in apps matches its labels"),
        new Case(
            "assignment failed: quarantined with ARM's error",
            s -> {
              s.state = AssignmentState.FAILED;
              s.failure = "LinkedAuthorizationFailed: no permission on the identity";
            },
            false,
            Decision.Deny.class,
            "403 (assignment_failed)",
            Verdict.PROBLEM,
            "apps/demo is quarantined (FAILED) on scale set rg/vmss-1: LinkedAuthorizationFailed"),
        new Case(
            "assignment planned, not confirmed: pending",
            s -> s.state = AssignmentState.CREATED,
            false,
            Decision.WaitForAssignment.class,
            "waits for the assignment of apps/demo, then 503 with Retry-After",
            Verdict.INFO,
            "apps/demo is pending (CREATED)"),
        new Case(
            "pending while ARM throttles the scale set: until when, and why",
            s -> {
              s.state = AssignmentState.CREATED;
              s.blocked = blocked(25, Cause.THROTTLED, "ARM 429, Retry-After 30s");
            },
            false,
            Decision.WaitForAssignment.class,
            "503",
            Verdict.INFO,
            "apps/demo is pending (CREATED): planned on scale set rg/vmss-1, not yet confirmed by"
                + " ARM; the scale set is throttled until 12:00:30Z (in 25 s): ARM 429, Retry-After"
                + " 30s"),
        new Case(
            "pending, the throttling over: it was, and the assigner is retrying",
            s -> {
              s.state = AssignmentState.CREATED;
              s.blocked = blocked(-5, Cause.THROTTLED, "ARM 429, Retry-After 30s");
            },
            false,
            Decision.WaitForAssignment.class,
            "503",
            Verdict.INFO,
            "; the scale set was throttled until 12:00:00Z (5 s ago): ARM 429, Retry-After 30s;"
                + " retrying"),
        new Case(
            "pending, no record yet, held by the assigner's own budget",
            s -> {
              s.state = null;
              s.blocked = blocked(15, Cause.BUDGET, "own budget: 4 PATCH per minute per scale set");
            },
            false,
            Decision.WaitForAssignment.class,
            "503",
            Verdict.INFO,
            "no assignment of it for this pod yet; the scale set is waiting for budget until"
                + " 12:00:20Z (in 15 s): own budget: 4 PATCH per minute per scale set"),
        new Case(
            "pending after a conflict: backing off",
            s -> {
              s.state = AssignmentState.CREATED;
              s.blocked =
                  blocked(3_600, Cause.BACKOFF, "backing off after 409 Conflict (3rd failure)");
            },
            false,
            Decision.WaitForAssignment.class,
            "503",
            Verdict.INFO,
            "the scale set is backing off until 13:00:05Z (in 60 min): backing off after 409"
                + " Conflict (3rd failure)"),
        new Case(
            "pending: no wait in the ledger (or an older assigner), said honestly",
            s -> s.state = null,
            false,
            Decision.WaitForAssignment.class,
            "503",
            Verdict.INFO,
            "metric podidentity_assigner_cloud_throttled"),
        new Case(
            "host network",
            s -> s.hostNetwork = true,
            false,
            Decision.Deny.class,
            "403 (host_network)",
            Verdict.PROBLEM,
            "it uses the host network"),
        new Case(
            "finished pod",
            s -> s.phase = PodPhase.SUCCEEDED,
            false,
            Decision.Deny.class,
            "403 (pod_not_active)",
            Verdict.PROBLEM,
            "it is terminating or finished (phase Succeeded)"),
        new Case(
            "invalid identity",
            s -> s.put(Scenario.identity("apps", "demo", false)),
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "invalid: resourceID is not a user-assigned identity"),
        new Case(
            "binding names a missing identity",
            s -> s.remove("AzureIdentity", "apps", "demo"),
            false,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "names AzureIdentity apps/demo, which does not exist"),
        new Case(
            "namespaced mode: a binding in another namespace",
            IN_OTHER_NAMESPACE,
            true,
            Decision.Deny.class,
            "403 (not_bound)",
            Verdict.PROBLEM,
            "binding other/demo-binding has its selector but is in namespace other"),
        new Case(
            "without namespaced mode the other namespace's binding applies",
            IN_OTHER_NAMESPACE,
            false,
            Decision.WaitForAssignment.class,
            "waits for the assignment of other/demo",
            Verdict.OK,
            "binding other/demo-binding selects it"),
        new Case(
            "unmanaged node",
            s -> s.node = new NodeRecord(1, Scenario.NODE, "kind://x", null, "not Azure", "1"),
            false,
            Decision.Grant.class,
            "200",
            Verdict.PROBLEM,
            "node node-1 is unmanaged (not Azure)"),
        new Case(
            "the watcher's copy is behind the cluster",
            s -> s.clusterLabels = Map.of("app", "web", "aadpodidbinding", "new"),
            false,
            Decision.Grant.class,
            "200",
            Verdict.PROBLEM,
            "the watcher's copy is behind the cluster (labels"),
        new Case(
            "missing from the event log: the NMI does not know it",
            s -> s.inLog = false,
            false,
            Decision.WaitForPod.class,
            "then 403 (unknown pod)",
            Verdict.PROBLEM,
            "the event log has no record of it"),
        new Case(
            "missing from the event log: its bindings are still explained",
            s -> s.inLog = false,
            false,
            Decision.WaitForPod.class,
            "403",
            Verdict.OK,
            "binding apps/demo-binding selects it"),
        new Case(
            "missing from the cluster: explained from the event log",
            s -> s.inCluster = false,
            false,
            Decision.Grant.class,
            "200",
            Verdict.PROBLEM,
            "the cluster has no pod apps/web: explaining from the event log alone"));
  }

  private static ConfigRecord binding(String selector) {
    return Scenario.binding("apps", "typo-binding", selector);
  }

  static LedgerRecord.Blocked blocked(long inSeconds, Cause cause, String reason) {
    return new LedgerRecord.Blocked(Scenario.NOW.plusSeconds(inSeconds), cause, reason);
  }

  @Test
  void aPendingIdentityWhoseWaitTheLedgerSaysNeedsNoPointerToTheMetric() {
    Scenario s = new Scenario();
    s.state = AssignmentState.CREATED;
    s.blocked = blocked(25, Cause.THROTTLED, "ARM 429, Retry-After 30s");

    Explanation e = Explanation.of(s.facts(), false, Scenario.NOW);

    assertThat(e.steps()).noneSatisfy(st -> assertThat(st.text()).contains("metric"));
    assertThat(e.lines()).anySatisfy(l -> assertThat(l).contains("throttled until 12:00:30Z"));
  }

  @Test
  void anAssignedIdentitySaysNothingOfAWaitOnItsScaleSet() {
    Scenario s = new Scenario();
    s.blocked = blocked(25, Cause.THROTTLED, "ARM 429, Retry-After 30s");

    Explanation e = Explanation.of(s.facts(), false, Scenario.NOW);

    assertThat(e.steps()).noneSatisfy(st -> assertThat(st.text()).contains("throttled"));
  }

  @Test
  void onlyTheBoundFederatedIdentitiesCredentialsAreToRead() {
    Scenario plain = new Scenario();
    Scenario federated = new Scenario();
    federated.put(Scenario.federated());
    Scenario unbound = new Scenario();
    unbound.put(Scenario.federated()).remove(BINDING, "apps", "demo-binding");

    assertThat(Explanation.federatedIdentities(plain.facts(), false)).isEmpty();
    assertThat(Explanation.federatedIdentities(federated.facts(), false))
        .containsExactly(Scenario.RESOURCE_ID);
    assertThat(Explanation.federatedIdentities(unbound.facts(), false)).isEmpty();
  }

  /** One row of the table; named by its first column. */
  record Case(
      String name,
      Consumer<Scenario> change,
      boolean namespaced,
      Class<? extends Decision> decision,
      String answer,
      Verdict verdict,
      String step) {
    Explanation explain() {
      Scenario scenario = new Scenario();
      change.accept(scenario);
      return Explanation.of(scenario.facts(), namespaced, Scenario.NOW, scenario.federation);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void explainsEachStepAndTheNmisAnswer(Case c) {
    Explanation e = c.explain();

    assertThat(e.decision()).isInstanceOf(c.decision());
    assertThat(e.answer()).contains(c.answer());
    assertThat(e.steps())
        .anySatisfy(
            s -> {
              assertThat(s.verdict()).isEqualTo(c.verdict());
              assertThat(s.text()).contains(c.step());
            });
    assertThat(e.steps().get(e.steps().size() - 1).text()).contains(e.answer());
    assertThat(e.getsToken())
        .isEqualTo(e.answer().startsWith("200") || e.answer().startsWith("forwarded to IMDS"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsNumberedMarkedStepsThenTheConclusion(Case c) {
    Explanation e = c.explain();
    List<String> lines = e.lines();

    assertThat(lines.get(0)).isEqualTo("pod apps/web on node node-1:");
    for (int i = 0; i < e.steps().size(); i++) {
      Step s = e.steps().get(i);
      assertThat(lines.get(i + 1)).contains((i + 1) + ". " + s.verdict().mark() + " " + s.text());
    }
    assertThat(lines.get(lines.size() - 1))
        .startsWith(e.getsToken() ? "✓ apps/web" : "✗ apps/web")
        .endsWith(e.conclusion());
    assertThat(e.toMap()).containsEntry("conclusion", e.conclusion()).containsKey("steps");
  }
}
