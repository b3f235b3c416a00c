package dev.podidentity.assigner.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.bench.BenchStack;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up warm-up against the simulator's Entra and ARM, through the real SDK. */
class AzureClientsIT {
  static AzureSimulator sim;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
    sim.close();
  }

  @Test
  void warmUpObtainsATokenAndTheClientsThenWork() {
    String secret = UUID.randomUUID().toString();
    String clientId = (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
    String sub = UUID.randomUUID().toString();
    sim.admin().addScaleSet(sub, "rg", "vmss-warm", 1);
    AzureClients clients = new AzureClients(cloud(clientId, secret), vertx);

    assertThat(clients.warmUp()).isTrue();
    assertThat(
            clients
                .compute(sub)
                .getVirtualMachineScaleSets()
                .getByResourceGroup("rg", "vmss-warm")
                .name())
        .isEqualTo("vmss-warm");
  }

  @Test
  void aCredentialThatDoesNotWorkIsReportedNotThrown() {
    String clientId =
        (String) sim.admin().addServicePrincipal(null, "the-right-one", null).get("clientId");

    assertThat(new AzureClients(cloud(clientId, "a-wrong-secret"), vertx).warmUp()).isFalse();
  }

  static AssignerConfig.Cloud cloud(String clientId, String secret) {
    return BenchStack.cloud(sim, clientId, secret);
  }
}
