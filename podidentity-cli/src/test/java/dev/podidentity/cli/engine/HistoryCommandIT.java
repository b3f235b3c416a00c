package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code podidentity history} in the application (its picocli wiring, the Kafka client with the
 * services' settings) over records a test assigner publishes to the shared broker. Everything is
 * named after one random scale set, so other tests' records on the same topics are filtered out.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class HistoryCommandIT {
  @Inject Commands commands;

  @Test
  void showsWhoHeldWhichIdentityOnWhichScaleSetWhen() {
    String vmss = "history-" + UUID.randomUUID();
    String ns = "ns-" + vmss;
    ComputeTarget target = ComputeTarget.scaleSet("sub", "rg", vmss);
    String resourceId =
        "/subscriptions/sub/resourcegroups/ids/providers/microsoft.managedidentity/"
            + "userassignedidentities/"
            + vmss;
    AssignmentRecord created = pod(ns, target, resourceId, AssignmentState.CREATED);
    AssignmentRecord assigned = pod(ns, target, resourceId, AssignmentState.ASSIGNED);
    try (EventPublisher publisher = new EventPublisher()) {
      publisher.send(Topics.ASSIGNMENTS, Keys.of(created), created);
      publisher.send(
          Topics.LEDGER,
          Keys.ledger(target),
          new LedgerRecord(
              1, target, List.of(), new LedgerRecord.Intent("op-1", List.of(resourceId), null)));
      publisher.send(
          Topics.LEDGER,
          Keys.ledger(target),
          new LedgerRecord(1, target, List.of(resourceId), null));
      publisher.send(Topics.ASSIGNMENTS, Keys.of(assigned), assigned);
      publisher.send(Topics.ASSIGNMENTS, Keys.of(assigned), assigned);
      publisher.send(Topics.ASSIGNMENTS, Keys.of(assigned), null);
    }

    Commands.Run table = commands.run("history", "--scale-set", vmss.toUpperCase());

    assertThat(table.exitCode()).as(table.errorOutput()).isZero();
    List<String> lines = table.outputLines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).matches("TIME +SCALE-SET +POD +IDENTITY +EVENT +DETAIL");
    assertThat(lines.subList(1, 6))
        .extracting(line -> line.split("\\s{3,}")[4])
        .containsExactly("CREATED", "INTENT-ADD", "ADDED", "ASSIGNED", "UNASSIGNED");
    assertThat(lines.get(3)).endsWith("added by operation op-1");

    // The same records as YAML, for one identity: HistoryCommandTest, over an in-memory log.
  }

  private static AssignmentRecord pod(
      String ns, ComputeTarget target, String resourceId, AssignmentState state) {
    return new AssignmentRecord(
        1,
        "uid-" + ns,
        ns,
        "web",
        "node-0",
        target,
        List.of(
            new AssignedIdentity(
                ns,
                "demo",
                "demo-binding",
                IdentityType.USER_ASSIGNED_MSI,
                resourceId,
                null,
                null,
                state,
                null)));
  }
}
