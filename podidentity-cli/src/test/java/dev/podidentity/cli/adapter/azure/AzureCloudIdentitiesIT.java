package dev.podidentity.cli.adapter.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.config.TestConfigs;
import dev.podidentity.cli.core.FederatedCredential;
import dev.podidentity.cli.core.Federation;
import dev.podidentity.cli.port.CloudIdentities;
import dev.podidentity.events.ComputeTarget;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI's Azure access against the simulator over HTTPS (its own trust PEM), through the SDK and
 * a client-secret credential from the simulator's token issuer.
 */
class AzureCloudIdentitiesIT {
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

  /** Client-secret settings for the simulator, as the local stack's env file sets them. */
  static CliConfig.Azure settings(AzureSimulator sim, String clientId, String secret) {
    return TestConfigs.azure(
        sim.armUrl() + "/",
        sim.armUrl() + "/",
        sim.tenantId(),
        clientId,
        secret,
        sim.trustPemPath().toString());
  }

  private static CloudIdentities signedIn() {
    String secret = UUID.randomUUID().toString();
    String clientId = (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
    return new AzureCloudIdentities(settings(sim, clientId, secret), vertx);
  }

  @Test
  void readsTheIdentitiesOfAScaleSetAndAVmAndAnIdentitysClientId() {
    String sub = UUID.randomUUID().toString();
    sim.admin().addScaleSet(sub, "rg", "pool", 1);
    sim.admin().addVirtualMachine(sub, "rg", "single");
    var app = sim.admin().createIdentity(sub, "rg", "app");
    var other = sim.admin().createIdentity(sub, "rg", "other");
    ComputeTarget pool = ComputeTarget.scaleSet(sub, "rg", "pool");
    ComputeTarget single = ComputeTarget.virtualMachine(sub, "rg", "single");
    sim.admin().assignIdentities(pool.armId(), List.of((String) app.get("id")), false);
    sim.admin()
        .assignIdentities(
            single.armId(), List.of((String) app.get("id"), (String) other.get("id")), true);
    CloudIdentities cloud = signedIn();

    assertThat(cloud.identitiesOf(pool)).containsExactly(lower(app.get("id")));
    assertThat(cloud.identitiesOf(single))
        .containsExactlyInAnyOrder(lower(app.get("id")), lower(other.get("id")));
    assertThat(cloud.clientIdOf((String) app.get("id"))).isEqualTo(app.get("clientId"));
    assertThat(cloud.idsOf((String) app.get("id")))
        .isEqualTo(new CloudIdentities.IdentityIds((String) app.get("clientId"), sim.tenantId()));
  }

  @Test
  void aTargetWithoutIdentitiesHasNoneAndAMissingOneIsArmsAnswerInOneLine() {
    String sub = UUID.randomUUID().toString();
    sim.admin().addScaleSet(sub, "rg", "bare", 1);
    CloudIdentities cloud = signedIn();

    assertThat(cloud.identitiesOf(ComputeTarget.scaleSet(sub, "rg", "bare"))).isEmpty();
    assertThatThrownBy(() -> cloud.identitiesOf(ComputeTarget.scaleSet(sub, "rg", "absent")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ARM answered 404")
        .hasMessageNotContaining("\n");
  }

  @Test
  void createsAFederatedCredentialThatArmThenListsWithTheOnesMadeElsewhere() {
    String sub = UUID.randomUUID().toString();
    String id = (String) sim.admin().createIdentity(sub, "rg", "fed").get("id");
    String issuer = "https://issuer.example/" + sub + "/";
    sim.admin().addFederatedCredential(id, "by-hand", issuer, "system:serviceaccount:apps:api");
    CloudIdentities cloud = signedIn();
    FederatedCredential ours = Federation.credential(issuer, "apps", "web");

    cloud.putFederatedCredential(id, ours);
    cloud.putFederatedCredential(id, ours);

    assertThat(cloud.federatedCredentialsOf(id))
        .containsExactlyInAnyOrder(
            ours,
            new FederatedCredential(
                "by-hand", issuer, "system:serviceaccount:apps:api", List.of(Federation.AUDIENCE)));
    Map<String, Object> stored =
        sim.admin().federatedCredentials(id).stream()
            .filter(c -> ours.name().equals(c.get("name")))
            .findFirst()
            .orElseThrow();
    assertThat(stored.get("properties"))
        .isEqualTo(
            Map.of(
                "issuer",
                issuer,
                "subject",
                "system:serviceaccount:apps:web",
                "audiences",
                List.of(Federation.AUDIENCE)));
  }

  @Test
  void aFederatedCredentialOnAMissingIdentityIsArmsAnswerInOneLine() {
    CloudIdentities cloud = signedIn();
    String missing =
        "/subscriptions/"
            + UUID.randomUUID()
            + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/none";

    assertThatThrownBy(
            () ->
                cloud.putFederatedCredential(
                    missing, Federation.credential("https://issuer.example/", "apps", "web")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ARM answered 404 ParentResourceNotFound")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aCredentialThatDoesNotWorkIsUnavailableNotAnArmAnswer() {
    String clientId =
        (String) sim.admin().addServicePrincipal(null, "the-right-one", null).get("clientId");
    CloudIdentities cloud =
        new AzureCloudIdentities(settings(sim, clientId, "a-wrong-secret"), vertx);
    String sub = UUID.randomUUID().toString();
    String id = (String) sim.admin().createIdentity(sub, "rg", "app").get("id");

    assertThatThrownBy(() -> cloud.clientIdOf(id))
        .isInstanceOf(CloudIdentities.Unavailable.class)
        .hasMessageNotContaining("\n");
  }

  private static String lower(Object id) {
    return ((String) id).toLowerCase(Locale.ROOT);
  }
}
