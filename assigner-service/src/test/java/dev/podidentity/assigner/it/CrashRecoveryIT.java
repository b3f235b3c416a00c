package dev.podidentity.assigner.it;

import static dev.podidentity.assigner.it.AssignerIT.binding;
import static dev.podidentity.assigner.it.AssignerIT.identityRecord;
import static dev.podidentity.assigner.it.AssignerIT.lower;
import static dev.podidentity.assigner.it.AssignerIT.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.assigner.adapter.azure.AzureClients;
import dev.podidentity.assigner.adapter.azure.AzureCloud;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.port.CloudCalls;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SharedKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A second assigner joins the application's consumer group, takes some targets, and is killed in
 * the middle of a PATCH, without leaving the group (as a killed process). Once the group has
 * expired its session, the application's assigner takes the targets over, replays, reads the cloud,
 * resolves the ledger intent and converges: nothing lost, nothing wrongly removed.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class CrashRecoveryIT {
  static final Duration LONG = Duration.ofSeconds(90);

  @Inject AssignerService service;
  @Inject AssignerConfig config;
  @Inject Vertx vertx;

  /** The group channel runs with the failover settings, and dynamic membership by default. */
  @Test
  void theGroupChannelTakesTheSessionHeartbeatAndNoInstanceId() {
    var channel = ConfigProvider.getConfig();
    String prefix = "mp.messaging.incoming.assigner-owned.";

    assertThat(channel.getValue(prefix + "session.timeout.ms", Integer.class))
        .isEqualTo(config.kafka().sessionTimeoutMs())
        .isEqualTo(6000);
    assertThat(channel.getValue(prefix + "heartbeat.interval.ms", Integer.class))
        .isEqualTo(config.kafka().heartbeatIntervalMs());
    assertThat(channel.getOptionalValue(prefix + "group.instance.id", String.class)).isEmpty();
  }

  @Test
  void anAssignerKilledMidPatchIsReplacedAndTheTargetConverges() {
    var sim = SimulatorTestResource.sim();
    SecondAssigner second =
        new SecondAssigner(
            SharedKafka.bootstrapServers(),
            config.kafka().groupId(),
            cloud(new AzureClients(config.cloud(), vertx), config.cloud().requestTimeout()),
            config);
    try (EventsDriver driver = new EventsDriver()) {
      await().atMost(LONG).until(() -> second.pipeline().ready() && service.ready());
      // A scale set whose partition the second assigner owns, once the group has settled.
      ComputeTarget target =
          await()
              .atMost(LONG)
              .until(
                  () -> {
                    for (int i = 0; i < 64; i++) {
                      String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
                      ComputeTarget t = ComputeTarget.scaleSet(AssignerIT.SUB, AssignerIT.RG, name);
                      if (second.pipeline().reconciler().owns(t)) {
                        return t;
                      }
                    }
                    return null;
                  },
                  t -> t != null);
      sim.admin().addScaleSet(AssignerIT.SUB, AssignerIT.RG, target.name(), 1);
      Map<String, Object> before =
          sim.admin().createIdentity(AssignerIT.SUB, AssignerIT.RG, "pre-" + target.name());
      sim.admin().assignIdentities(target.armId(), List.of((String) before.get("id")), false);
      Map<String, Object> created =
          sim.admin().createIdentity(AssignerIT.SUB, AssignerIT.RG, "id-" + target.name());
      IdentityRecord identity =
          identityRecord(
              "id-" + target.name(), (String) created.get("id"), (String) created.get("clientId"));
      sim.admin().injectFault(Fault.latency("arm", target.name(), 3000).withOperation("PATCH"));
      String sel = "crash-" + target.name();
      driver.config(identity);
      driver.config(binding(identity.name(), sel));
      PodRecord pod = pod("p-" + target.name(), target, 0, sel);

      driver.pod(pod);
      await().atMost(LONG).until(() -> sim.admin().computeCount(target.name(), "PATCH") >= 1);
      second.kill();
      sim.admin().clearFaults();

      await()
          .atMost(LONG)
          .until(
              () -> {
                var a = driver.assignment(pod);
                return a != null
                    && a.identities().stream()
                        .map(AssignedIdentity::state)
                        .toList()
                        .equals(List.of(AssignmentState.ASSIGNED));
              });
      assertThat(
              sim.admin().identitiesOf(target.armId()).stream()
                  .map(s -> s.toLowerCase(Locale.ROOT)))
          .containsExactlyInAnyOrder(
              lower((String) before.get("id")), lower(identity.resourceId()));

      driver.podGone(pod);
      await()
          .atMost(LONG)
          .until(
              () ->
                  sim.admin().identitiesOf(target.armId()).stream()
                      .map(s -> s.toLowerCase(Locale.ROOT))
                      .toList()
                      .equals(List.of(lower((String) before.get("id")))));
    } finally {
      second.kill();
    }
  }

  private static AzureCloud cloud(AzureClients clients, java.time.Duration timeout) {
    return new AzureCloud(clients::compute, clients::identities, timeout, CloudCalls.NONE);
  }
}
