package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code explain pod} run in the application: a pod in the Kubernetes test server, the system's
 * records of it on the shared broker (published as the watcher and the assigner publish them), and
 * the answer the NMI would give, for a pod that gets a token, one whose scale set is throttled, and
 * one that exists nowhere.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class ExplainCommandIT {
  @Inject Commands commands;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String namespace = "explain-" + run;
  private final String node = "node-" + run;
  private final ComputeTarget vmss = ComputeTarget.scaleSet("sub", "rg", "vmss-" + run);
  private final String resourceId =
      "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/"
          + "userassignedidentities/id-"
          + run;

  private Pod createPod(Map<String, String> labels) {
    try (KubernetesClient client = LaunchedCluster.client()) {
      return client
          .pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withNamespace(namespace)
                  .withName("web")
                  .withLabels(labels)
                  .endMetadata()
                  .withNewSpec()
                  .withNodeName(node)
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Running")
                  .withPodIP("10.1.0.7")
                  .endStatus()
                  .build())
          .create();
    }
  }

  /** The records the watcher and the assigner would have published for {@code pod}. */
  private void publish(Pod pod, Map<String, String> labels) {
    publish(pod, labels, AssignmentState.ASSIGNED, null);
  }

  /** The pod's records, its identity in {@code state} and its scale set's ledger waiting so. */
  private void publish(
      Pod pod, Map<String, String> labels, AssignmentState state, LedgerRecord.Blocked blocked) {
    String uid = pod.getMetadata().getUid();
    IdentityRecord identity =
        new IdentityRecord(
            1,
            namespace,
            "id",
            IdentityType.USER_ASSIGNED_MSI,
            resourceId,
            "client-" + run,
            "tenant",
            null,
            null,
            null,
            null,
            false,
            true,
            null,
            "1");
    BindingRecord binding =
        new BindingRecord(1, namespace, "id-binding", "id", "sel-" + run, true, null, "1");
    PodRecord logged =
        new PodRecord(
            1,
            uid,
            namespace,
            "web",
            node,
            vmss,
            List.of("10.1.0.7"),
            PodPhase.RUNNING,
            false,
            false,
            labels,
            "1");
    AssignmentRecord assignment =
        new AssignmentRecord(
            1,
            uid,
            namespace,
            "web",
            node,
            vmss,
            List.of(
                new AssignedIdentity(
                    namespace,
                    "id",
                    "id-binding",
                    IdentityType.USER_ASSIGNED_MSI,
                    resourceId,
                    "client-" + run,
                    "principal-" + run,
                    state,
                    null)));
    try (EventPublisher publisher = new EventPublisher()) {
      publisher.send(
          Topics.NODES, Keys.node(node), new NodeRecord(1, node, "azure:///x", vmss, null, "1"));
      publisher.send(Topics.CONFIG, identity.key(), identity);
      publisher.send(Topics.CONFIG, binding.key(), binding);
      publisher.send(Topics.PODS, Keys.of(logged), logged);
      publisher.send(Topics.ASSIGNMENTS, Keys.of(assignment), assignment);
      publisher.send(
          Topics.LEDGER,
          Keys.ledger(vmss),
          new LedgerRecord(1, vmss, List.of(resourceId), null, blocked));
    }
  }

  @Test
  void explainsStepByStepWhyABoundAssignedPodGetsItsToken() {
    Map<String, String> labels = Map.of("app", "web", "aadpodidbinding", "sel-" + run);
    Pod pod = createPod(labels);
    publish(pod, labels);

    Commands.Run r = commands.run("explain", "pod", namespace + "/web");

    assertThat(r.exitCode()).as(r.errorOutput()).isZero();
    assertThat(r.output())
        .contains("pod " + namespace + "/web on node " + node + ":")
        .contains("1. ✓ the cluster has it: uid " + pod.getMetadata().getUid())
        .contains("✓ binding " + namespace + "/id-binding selects it")
        .contains("is ASSIGNED on scale set rg/vmss-" + run)
        .contains("the NMI on " + node + " would answer now: 200: a token for " + namespace + "/id")
        .contains("✓ " + namespace + "/web gets a token for " + namespace + "/id");
  }

  @Test
  void aPendingPodWhoseScaleSetIsThrottledSaysUntilWhenAndWhy() {
    Map<String, String> labels = Map.of("app", "web", "aadpodidbinding", "sel-" + run);
    Pod pod = createPod(labels);
    Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    publish(
        pod,
        labels,
        AssignmentState.CREATED,
        new LedgerRecord.Blocked(
            until, LedgerRecord.Cause.THROTTLED, "ARM 429, Retry-After 3600s"));

    Commands.Run r = commands.run("explain", "pod", namespace + "/web");

    assertThat(r.exitCode()).as(r.errorOutput()).isZero();
    assertThat(r.output())
        .contains(
            "is pending (CREATED): planned on scale set rg/vmss-"
                + run
                + ", not yet confirmed by ARM; the scale set is throttled until ")
        .contains(": ARM 429, Retry-After 3600s")
        .contains(until.toString().substring(11))
        .doesNotContain("podidentity_assigner_cloud_throttled");
  }

  @Test
  void aPodNeitherInTheClusterNorInTheEventLogIsNotFound() {
    Commands.Run r = commands.run("explain", "pod", "-n", namespace, "ghost", "-o", "json");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.errorOutput())
        .contains(
            "pod " + namespace + "/ghost not found, neither in the cluster nor in the event log");
  }
}
