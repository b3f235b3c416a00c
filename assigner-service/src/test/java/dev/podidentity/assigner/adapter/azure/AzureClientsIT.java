package dev.podidentity.assigner.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
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
    AzureClients clients = new AzureClients(cloud(sim, clientId, secret), vertx);

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

    assertThat(new AzureClients(cloud(sim, clientId, "a-wrong-secret"), vertx).warmUp()).isFalse();
  }

  /** Client-secret configuration against the simulator, as tests and benchmarks use it. */
  static AssignerConfig.Cloud cloud(AzureSimulator sim, String clientId, String secret) {
    return new AssignerConfig.Cloud() {
      @Override
      public String credential() {
        return "client-secret";
      }

      @Override
      public String armEndpoint() {
        return sim.armUrl() + "/";
      }

      @Override
      public String authorityHost() {
        return sim.armUrl() + "/";
      }

      @Override
      public Optional<String> tenantId() {
        return Optional.of(sim.tenantId());
      }

      @Override
      public Optional<String> clientId() {
        return Optional.of(clientId);
      }

      @Override
      public Optional<String> clientSecret() {
        return Optional.of(secret);
      }

      @Override
      public Optional<String> trustPem() {
        return Optional.of(sim.trustPemPath().toString());
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(120);
      }
    };
  }
}
