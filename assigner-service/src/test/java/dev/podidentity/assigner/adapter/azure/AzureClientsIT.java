package dev.podidentity.assigner.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.events.ComputeTarget;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Azure adapter against the simulator's Entra and ARM, through the real SDK: the start-up
 * warm-up, and every ARM request reported as what it is (the read a PATCH needs first, or again
 * after a 412, is a GET of its own, not time counted in the PATCH).
 */
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

  @Test
  void readsBeforeAndAfterA412AreReportedAsGetsNotAsPartOfThePatch() {
    String secret = UUID.randomUUID().toString();
    String clientId = (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
    String sub = UUID.randomUUID().toString();
    sim.admin().addScaleSet(sub, "rg", "vmss-calls", 1);
    ComputeTarget t = ComputeTarget.scaleSet(sub, "rg", "vmss-calls");
    String first = (String) sim.admin().createIdentity(sub, "rg", "first").get("id");
    String second = (String) sim.admin().createIdentity(sub, "rg", "second").get("id");
    List<String> calls = new CopyOnWriteArrayList<>();
    AzureClients clients = new AzureClients(AzureClientsIT.cloud(sim, clientId, secret), vertx);
    AzureCloud cloud =
        new AzureCloud(
            clients::compute,
            clients::identities,
            Duration.ofSeconds(30),
            (kind, operation, outcome, nanos) -> calls.add(operation + " " + outcome));

    cloud.update(t, add(first)); // nothing known yet: read, then PATCH
    sim.admin().assignIdentities(t.armId(), List.of(first), true); // the target changes meanwhile
    cloud.update(t, add(second)); // PATCH with a stale etag: 412, read again, PATCH again

    assertThat(calls)
        .containsExactly("GET ok", "PATCH ok", "PATCH precondition_failed", "GET ok", "PATCH ok");
    assertThat(sim.admin().identitiesOf(t.armId()).stream().map(s -> s.toLowerCase(Locale.ROOT)))
        .containsExactlyInAnyOrder(first.toLowerCase(Locale.ROOT), second.toLowerCase(Locale.ROOT));
  }

  @Test
  void anIdentityIsFoundByItsReadAndOneAzureDoesNotHaveIsNot() {
    String secret = UUID.randomUUID().toString();
    String clientId = (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
    String sub = UUID.randomUUID().toString();
    String id = (String) sim.admin().createIdentity(sub, "rg", "present").get("id");
    AzureClients clients = new AzureClients(AzureClientsIT.cloud(sim, clientId, secret), vertx);
    AzureCloud cloud =
        new AzureCloud(
            clients::compute, clients::identities, Duration.ofSeconds(30), (k, o, r, n) -> {});

    assertThat(cloud.identityExists(id)).isTrue();
    assertThat(cloud.identityExists(id.replace("/present", "/absent"))).isFalse();
    assertThat(cloud.identityExists("not a resource id"))
        .as("no definite not-found: never held back on doubt")
        .isTrue();
  }

  /**
   * A PATCH ARM accepted is applied even when a request after it fails: here the read of the
   * resource at the end of the operation answers 500. The update must then say so (an unknown
   * outcome, read back before anything is decided), never return the target without the identity it
   * added: the ledger would resolve its intent as not applied and never own the identity.
   */
  @Test
  void aReadFailingAfterAnAcceptedPatchIsAnUnknownOutcomeNotATargetWithoutTheIdentity() {
    try (AzureSimulator slow =
        AzureSimulator.start(SimulatorConfig.forTests().withPatchLatency(Duration.ofMillis(300)))) {
      String secret = UUID.randomUUID().toString();
      String clientId =
          (String) slow.admin().addServicePrincipal(null, secret, null).get("clientId");
      String sub = UUID.randomUUID().toString();
      slow.admin().addScaleSet(sub, "rg", "vmss-poll", 1);
      ComputeTarget t = ComputeTarget.scaleSet(sub, "rg", "vmss-poll");
      String id = (String) slow.admin().createIdentity(sub, "rg", "polled").get("id");
      AzureClients slowClients =
          new AzureClients(AzureClientsIT.cloud(slow, clientId, secret), vertx);
      AzureCloud cloud =
          new AzureCloud(
              slowClients::compute,
              slowClients::identities,
              Duration.ofSeconds(30),
              (kind, operation, outcome, nanos) -> {});
      cloud.identities(t); // the etag is known: the PATCH goes out without a read first
      slow.admin().injectFault(Fault.error(t.name(), 500, 1).withOperation("GET"));

      assertThatThrownBy(() -> cloud.update(t, add(id)))
          .isInstanceOfSatisfying(
              CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudFailure.TRANSIENT));

      assertThat(slow.admin().identitiesOf(t.armId()).stream().map(s -> s.toLowerCase(Locale.ROOT)))
          .containsExactly(id.toLowerCase(Locale.ROOT));
      // Read back, the target shows it; and the next update reads before its PATCH.
      assertThat(cloud.identities(t)).containsKey(id.toLowerCase(Locale.ROOT));
    }
  }

  private static Delta add(String id) {
    TreeSet<String> add = new TreeSet<>();
    add.add(id.toLowerCase(Locale.ROOT));
    return new Delta(add, new TreeSet<>());
  }
}
