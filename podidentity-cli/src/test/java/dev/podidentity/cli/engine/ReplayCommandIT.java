package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
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
 * {@code replay} and {@code identity add} run in the application, against the shared broker, the
 * Kubernetes test server and the Azure simulator (client-secret settings). The broker holds other
 * tests' records too, so each test looks only for the names it made.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class ReplayCommandIT {
  @Inject Commands commands;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String sub = UUID.randomUUID().toString();

  @Test
  void verifyListsWhatTheLogSaysAndTheClusterAndAzureDoNot() {
    SimulatorAdminClient azure = AzureSimulatorResource.admin();
    azure.addScaleSet(sub, "rg", "vmss-" + id, 1);
    String pre = (String) azure.createIdentity(sub, "rg", "pre-" + id).get("id");
    String gone = (String) azure.createIdentity(sub, "rg", "gone-" + id).get("id");
    ComputeTarget vmss = ComputeTarget.scaleSet(sub, "rg", "vmss-" + id);
    azure.assignIdentities(vmss.armId(), List.of(pre), false);
    NodeRecord node =
        NodeRecord.of("node-" + id, "azure://" + vmss.armId() + "/virtualMachines/0", "1");
    AssignmentRecord pod =
        new AssignmentRecord(
            1,
            "uid-" + id,
            "apps",
            "pod-" + id,
            node.name(),
            vmss,
            List.of(assigned(pre), assigned(gone)));
    try (EventPublisher publisher = new EventPublisher()) {
      publisher.send(Topics.NODES, Keys.node(node.name()), node);
      publisher.send(Topics.ASSIGNMENTS, Keys.of(pod), pod);
      publisher.send(
          Topics.LEDGER, Keys.ledger(vmss), new LedgerRecord(1, vmss, List.of(gone), null));
    }

    Commands.Run r = commands.run("replay", "--verify");

    assertThat(r.exitCode()).as(r.errorOutput()).isEqualTo(1);
    assertThat(r.output())
        .contains("KIND")
        .contains("rg/vmss-" + id)
        .containsPattern("node/node-" + id + " +still in the event log after deletion")
        .containsPattern(
            "vmss rg/vmss-" + id + " +rg/gone-" + id + ": pods' token requests will fail")
        .containsPattern("vmss rg/vmss-" + id + " +rg/gone-" + id + ": owned but not on the target")
        .containsPattern("info +vmss rg/vmss-" + id + " +rg/pre-" + id + ": there before us, kept");
  }

  @Test
  void identityAddWithoutClientIdReadsItFromArm() {
    Map<String, Object> identity =
        AzureSimulatorResource.admin().createIdentity(sub, "rg", "app-" + id);

    Commands.Run r =
        commands.run(
            "identity",
            "add",
            "--name",
            "app-" + id,
            "--namespace",
            "apps",
            "-i",
            (String) identity.get("id"),
            "-o",
            "json");

    assertThat(r.exitCode()).as(r.errorOutput()).isZero();
    assertThat(r.output()).contains("\"clientID\":\"" + identity.get("clientId") + "\"");
  }

  @Test
  void resetOfAGroupWithNothingCommittedChangesNothing() {
    Commands.Run r =
        commands.run("replay", "--reset", "assigner", "--group", "reset-cli-" + id, "--dry-run");

    assertThat(r.exitCode()).as(r.errorOutput()).isZero();
    assertThat(r.output()).contains("nothing to reset");
  }

  private static AssignedIdentity assigned(String resourceId) {
    String name = resourceId.substring(resourceId.lastIndexOf('/') + 1);
    return new AssignedIdentity(
        "apps",
        name,
        name + "-binding",
        IdentityType.USER_ASSIGNED_MSI,
        resourceId,
        null,
        null,
        AssignmentState.ASSIGNED,
        null);
  }
}
