package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.PodIdentities;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The identity and exception commands run in the application against the Kubernetes test server,
 * and identity list over the assigner's records on the shared broker: the objects they leave are
 * the ones aad users write by hand. {@link PodIdentityCommandIT} launches the same commands through
 * the Quarkus main.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class IdentityAndExceptionCommandsIT {
  static final String RESOURCE_ID =
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/demo";
  private static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
  static final String CLIENT_ID = "66666666-7777-8888-9999-000000000000";

  @Inject Commands commands;

  @Test
  void aSecondIdentityCanShareASelector() {
    // The first pod identity as identity add writes it (PodIdentityCommandIT runs that).
    LaunchedCluster.create(PodIdentities.identity("first", "shared", RESOURCE_ID, CLIENT_ID));
    LaunchedCluster.create(PodIdentities.binding("first", "shared", "app"));
    Commands.Run second =
        commands.run(
            "identity",
            "add",
            "-n",
            "second",
            "--namespace",
            "shared",
            "-i",
            RESOURCE_ID + "2",
            "--client-id",
            CLIENT_ID,
            "--binding-selector",
            "app");

    assertThat(second.exitCode()).isZero();
    assertThat(
            LaunchedCluster.get("AzureIdentityBinding", "shared", "second-binding")
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("azureIdentity", "second", "selector", "app"));
  }

  @Test
  void exceptionsAreAddedUpdatedListedAndDeleted() {
    Commands.Run add =
        commands.run(
            "exception",
            "add",
            "--name",
            "skip",
            "--namespace",
            "kube-system",
            "--pod-labels",
            "app=coredns,tier=control");
    assertThat(add.exitCode()).as(add.errorOutput()).isZero();
    assertThat(
            LaunchedCluster.get("AzurePodIdentityException", "kube-system", "skip")
                .getAdditionalProperties()
                .get("spec"))
        .isEqualTo(Map.of("podLabels", Map.of("app", "coredns", "tier", "control")));
    // An add over an existing exception, an update or delete of a missing one: refused before any
    // write, PodIdentityCommandsTest.

    assertThat(
            commands
                .run(
                    "exception",
                    "update",
                    "--name",
                    "skip",
                    "--namespace",
                    "kube-system",
                    "--pod-labels",
                    "app=metrics")
                .exitCode())
        .isZero();
    assertThat(commands.run("exception", "list").output()).contains("app=metrics");

    assertThat(
            commands
                .run("exception", "delete", "--name", "skip", "--namespace", "kube-system")
                .exitCode())
        .isZero();
    assertThat(LaunchedCluster.get("AzurePodIdentityException", "kube-system", "skip")).isNull();
  }

  @Test
  void identityListShowsWhereEachIdentityStandsOnEachScaleSetFromTheAssignersRecords() {
    String ns = "list-" + UUID.randomUUID().toString().substring(0, 8);
    String resourceId = RESOURCE_ID + "-" + ns;
    ComputeTarget a = ComputeTarget.scaleSet(SUBSCRIPTION, "mc_rg", "aks-a-" + ns);
    ComputeTarget b = ComputeTarget.scaleSet(SUBSCRIPTION, "mc_rg", "aks-b-" + ns);
    LaunchedCluster.create(PodIdentities.identity("demo", ns, resourceId, CLIENT_ID));
    try (EventPublisher publisher = new EventPublisher()) {
      publish(publisher, ns, a, "p1", AssignmentState.ASSIGNED, null);
      publish(publisher, ns, a, "p2", AssignmentState.ASSIGNED, null);
      publish(publisher, ns, a, "p3", AssignmentState.CREATED, null);
      publish(
          publisher,
          ns,
          b,
          "p4",
          AssignmentState.FAILED,
          "LinkedAuthorizationFailed: the client may not join the identity");
      publisher.send(
          Topics.LEDGER, Keys.ledger(a), new LedgerRecord(1, a, List.of(resourceId), null));
    }

    Commands.Run list = commands.run("identity", "list", "--namespace", ns);

    assertThat(list.exitCode()).as(list.errorOutput()).isZero();
    assertThat(list.output())
        .contains("SCALE-SETS")
        .contains(
            a.name()
                + ": 2 assigned, 1 pending; "
                + b.name()
                + ": 1 failed (LinkedAuthorizationFailed)");
    assertThat(list.errorOutput()).doesNotContain("assignment state unavailable");
  }

  private static void publish(
      EventPublisher publisher,
      String ns,
      ComputeTarget target,
      String pod,
      AssignmentState state,
      String reason) {
    String uid = ns + "-" + pod;
    AssignmentRecord record =
        new AssignmentRecord(
            1,
            uid,
            ns,
            pod,
            target.name() + "000000",
            target,
            List.of(
                new AssignedIdentity(
                    ns,
                    "demo",
                    "demo-binding",
                    IdentityType.USER_ASSIGNED_MSI,
                    RESOURCE_ID + "-" + ns,
                    CLIENT_ID,
                    null,
                    state,
                    reason)));
    publisher.send(Topics.ASSIGNMENTS, Keys.of(record), record);
  }
}
