package dev.podidentity.cli.core;

import static dev.podidentity.cli.core.Events.POOL_A;
import static dev.podidentity.cli.core.Events.assigned;
import static dev.podidentity.cli.core.Events.assignment;
import static dev.podidentity.cli.core.Events.binding;
import static dev.podidentity.cli.core.Events.exception;
import static dev.podidentity.cli.core.Events.id;
import static dev.podidentity.cli.core.Events.identity;
import static dev.podidentity.cli.core.Events.ledger;
import static dev.podidentity.cli.core.Events.node;
import static dev.podidentity.cli.core.Events.pod;
import static dev.podidentity.cli.core.Events.providerId;
import static dev.podidentity.cli.core.Events.replay;
import static dev.podidentity.events.AssignmentState.ASSIGNED;
import static dev.podidentity.events.AssignmentState.CREATED;
import static dev.podidentity.events.PodPhase.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.ClusterView.AadObject;
import dev.podidentity.cli.core.ClusterView.Node;
import dev.podidentity.cli.core.ClusterView.Pod;
import dev.podidentity.cli.core.Verification.AzureView;
import dev.podidentity.cli.core.Verification.Finding;
import dev.podidentity.cli.core.Verification.Severity;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerificationTest {
  /** The log every cluster case starts from: a node, a bound pod, an identity, its binding. */
  private static final Event[] LOG = {
    node("n-1", POOL_A),
    pod("u1", "n-1", POOL_A, RUNNING, "web"),
    identity("a"),
    binding("a-binding", "a", "web"),
    exception("skip", Map.of("app", "dns"))
  };

  private static Map<String, Object> aad(String kind, String ns, String name, Map<String, ?> spec) {
    return Map.of("kind", kind, "metadata", Map.of("namespace", ns, "name", name), "spec", spec);
  }

  /** The cluster as the log describes it. */
  private static ClusterView matching(UnaryOperator<List<Pod>> pods, List<Node> nodes) {
    List<AadObject> objects =
        List.of(
            AadObject.of(
                aad(
                    "AzureIdentity",
                    "apps",
                    "a",
                    Map.of(
                        "type",
                        0,
                        "resourceID",
                        id("a").toUpperCase(),
                        "clientID",
                        "11111111-1111-1111-1111-111111111111"))),
            AadObject.of(
                aad(
                    "AzureIdentityBinding",
                    "apps",
                    "a-binding",
                    Map.of("azureIdentity", "a", "selector", "web"))),
            AadObject.of(
                aad(
                    "AzurePodIdentityException",
                    "kube-system",
                    "skip",
                    Map.of("podLabels", Map.of("app", "dns")))));
    List<Pod> base =
        List.of(
            new Pod(
                "u1", "apps", "pod-u1", "n-1", "Running", false, Map.of("aadpodidbinding", "web")),
            new Pod("u9", "apps", "unscheduled", null, "Pending", false, Map.of()));
    return new ClusterView(nodes, pods.apply(base), objects);
  }

  private static List<Node> nodes() {
    return List.of(new Node("n-1", providerId(POOL_A, "1")));
  }

  private static Pod withPod(Pod p, String node, String phase, Map<String, String> labels) {
    return new Pod(p.uid(), p.namespace(), p.name(), node, phase, false, labels);
  }

  static Stream<Arguments> cluster() {
    Map<String, String> bound = Map.of("aadpodidbinding", "web");
    return Stream.of(
        Arguments.of("the same: nothing", matching(p -> p, nodes()), List.of()),
        Arguments.of(
            "a node the watcher missed",
            matching(p -> p, List.of(nodes().get(0), new Node("n-2", null))),
            List.of("node/n-2 | missing from the event log | absent | present")),
        Arguments.of(
            "a node deleted, still in the log",
            matching(p -> p, List.of()),
            List.of("node/n-1 | still in the event log after deletion | present | absent")),
        Arguments.of(
            "a pod moved, relabelled and finished",
            matching(
                p ->
                    List.of(withPod(p.get(0), "n-2", "Succeeded", Map.of("aadpodidbinding", "db"))),
                nodes()),
            List.of(
                "pod/apps/pod-u1 | node | n-1 | n-2",
                "pod/apps/pod-u1 | active | active | finished",
                "pod/apps/pod-u1 | label aadpodidbinding | web | db")),
        Arguments.of(
            "a label an exception selects by matters, others do not",
            matching(
                p ->
                    List.of(
                        withPod(
                            p.get(0),
                            "n-1",
                            "Running",
                            Map.of("aadpodidbinding", "web", "app", "dns", "tier", "x"))),
                nodes()),
            List.of("pod/apps/pod-u1 | label app | absent | dns")),
        Arguments.of(
            "a pod deleted, still in the log; a new one missed",
            matching(
                p -> List.of(new Pod("u2", "apps", "new", "n-1", "Running", false, bound)),
                nodes()),
            List.of(
                "pod uid u1 | still in the event log after deletion | present | absent",
                "pod uid u2 | missing from the event log | absent | present")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cluster")
  void theLogAgainstTheCluster(String name, ClusterView cluster, List<String> expected) {
    List<Finding> found = Verification.withCluster(replay(LOG), cluster);

    assertThat(found.stream().map(VerificationTest::line)).containsExactlyElementsOf(expected);
    assertThat(Verification.exitCode(found)).isEqualTo(expected.isEmpty() ? 0 : 1);
  }

  @Test
  void anAadObjectWhoseSpecChangedOrThatTheWatcherMissedIsADifference() {
    ClusterView base = matching(p -> p, nodes());
    List<AadObject> objects = new ArrayList<>(base.aadObjects());
    objects.set(
        1,
        AadObject.of(
            aad(
                "AzureIdentityBinding",
                "apps",
                "a-binding",
                Map.of("azureIdentity", "a", "selector", "api"))));
    objects.add(AadObject.of(aad("AzureIdentity", "apps", "new", Map.of("resourceID", "x"))));

    List<Finding> found =
        Verification.withCluster(replay(LOG), new ClusterView(base.nodes(), base.pods(), objects));

    assertThat(found.stream().map(VerificationTest::line))
        .containsExactly(
            "AzureIdentityBinding/apps/a-binding | spec.selector | web | api",
            "AzureIdentity/apps/new | missing from the event log | absent | present");
  }

  static Stream<Arguments> azure() {
    Event[] log = {
      assignment(
          "u1", POOL_A, assigned("a", ASSIGNED), assigned("b", CREATED), assigned("pre", ASSIGNED)),
      ledger(POOL_A, null, "a", "b", "gone", "unused")
    };
    return Stream.of(
        Arguments.of(
            "everything there; a pre-existing identity and an unused owned one are information",
            log,
            AzureView.of(
                List.of(id("a"), id("b"), id("pre").toUpperCase(), id("unused"), id("gone"))),
            List.of(
                "INFO rg/gone: owned, no pod needs it (removed after linger)",
                "INFO rg/pre: there before us, kept",
                "INFO rg/unused: owned, no pod needs it (removed after linger)"),
            0),
        Arguments.of(
            "an ASSIGNED identity and an owned one missing",
            log,
            AzureView.of(List.of(id("b"), id("pre"), id("unused"))),
            List.of(
                "DIFFERENCE rg/a: pods' token requests will fail",
                "DIFFERENCE rg/a: owned but not on the target",
                "DIFFERENCE rg/gone: owned but not on the target",
                "INFO rg/pre: there before us, kept",
                "INFO rg/unused: owned, no pod needs it (removed after linger)"),
            1),
        Arguments.of(
            "the target could not be read",
            log,
            AzureView.failed("ARM answered 404 ResourceNotFound: no such scale set"),
            List.of("DIFFERENCE its identities could not be read"),
            1),
        Arguments.of(
            "an operation in flight is information",
            new Event[] {
              ledger(POOL_A, new LedgerRecord.Intent("op-1", List.of(id("x")), List.of()), "x")
            },
            AzureView.of(List.of(id("x"))),
            List.of(
                "INFO rg/x: owned, no pod needs it (removed after linger)",
                "INFO an operation is in flight"),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("azure")
  void theLogAgainstAzure(
      String name, Event[] log, AzureView view, List<String> expected, int exitCode) {
    Map<dev.podidentity.events.ComputeTarget, AzureView> azure = new LinkedHashMap<>();
    azure.put(POOL_A, view);

    List<Finding> found = Verification.withAzure(replay(log), azure);

    assertThat(found)
        .allSatisfy(f -> assertThat(f.where()).isEqualTo("vmss rg/pool-a"))
        .extracting(f -> f.severity() + " " + f.what())
        .containsExactlyElementsOf(expected);
    assertThat(Verification.exitCode(found)).isEqualTo(exitCode);
  }

  @Test
  void azureNotCheckedIsInformationAndTablesListDifferencesFirst() {
    List<Finding> found =
        List.of(
            Verification.azureNotChecked("no credential"),
            new Finding(
                Severity.DIFFERENCE,
                "node/n-2",
                "missing from the event log",
                "absent",
                "present"));

    assertThat(Verification.exitCode(found.subList(0, 1))).isZero();
    assertThat(Verification.table(found).lines())
        .containsExactly(
            "SEVERITY     WHERE      WHAT                         EVENT LOG   CLUSTER/AZURE",
            "difference   node/n-2   missing from the event log   absent      present",
            "info         azure      not checked: no credential   -           -");
  }

  private static String line(Finding f) {
    assertThat(f.severity()).isEqualTo(Severity.DIFFERENCE);
    return f.where() + " | " + f.what() + " | " + f.log() + " | " + f.actual();
  }
}
