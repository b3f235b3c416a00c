package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code identity add --federated} run in the application, against the Kubernetes test server and
 * the Azure simulator (client-secret settings): the credential in Azure, the annotated identity in
 * the cluster, and nothing written when Azure or the cluster cannot say what it needs.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class FederatedIdentityAddIT {
  @Inject Commands commands;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String sub = UUID.randomUUID().toString();
  private final String issuer = "https://oidc.example/" + id + "/";

  @Test
  void createsTheCredentialForTheServiceAccountThenTheAnnotatedIdentityAndRepeatsSafely() {
    SimulatorAdminClient azure = AzureSimulatorResource.admin();
    Map<String, Object> identity = azure.createIdentity(sub, "rg", "fed-" + id);
    String resourceId = (String) identity.get("id");
    String[] add = {
      "identity",
      "add",
      "--name",
      "fed-" + id,
      "--namespace",
      "apps",
      "-i",
      resourceId,
      "--federated",
      "--service-account",
      "web",
      "--issuer",
      issuer
    };

    // A user's own annotation on an AzureIdentity written before: kept, as the spec is replaced.
    LaunchedCluster.create(
        Map.of(
            "apiVersion",
            "aadpodidentity.k8s.io/v1",
            "kind",
            "AzureIdentity",
            "metadata",
            Map.of(
                "name",
                "fed-" + id,
                "namespace",
                "apps",
                "annotations",
                Map.of("podidentity.k8s.io/eager", "true")),
            "spec",
            Map.of("type", 0)));

    Commands.Run first = commands.run(add);
    Commands.Run second = commands.run(add);

    assertThat(first.exitCode()).as(first.errorOutput()).isZero();
    assertThat(first.output())
        .containsPattern(
            "federated identity credential podidentity-apps-web-[0-9a-f]{10} \\(issuer "
                + issuer
                + ", subject system:serviceaccount:apps:web\\) created")
        .contains("azureidentity.aadpodidentity.k8s.io/fed-" + id + " configured")
        .contains("azureidentitybinding.aadpodidentity.k8s.io/fed-" + id + "-binding created");
    assertThat(second.exitCode()).as(second.errorOutput()).isZero();
    assertThat(second.output()).contains(") unchanged").contains(" configured");
    List<Map<String, Object>> credentials = azure.federatedCredentials(resourceId);
    assertThat(credentials).hasSize(1);
    assertThat(credentials.get(0).get("properties"))
        .isEqualTo(
            Map.of(
                "issuer",
                issuer,
                "subject",
                "system:serviceaccount:apps:web",
                "audiences",
                List.of("api://AzureADTokenExchange")));
    GenericKubernetesResource written = identity("apps", "fed-" + id);
    assertThat(written.getMetadata().getAnnotations())
        .isEqualTo(
            Map.of(
                IdentityRecord.FEDERATED_ANNOTATION, "true", "podidentity.k8s.io/eager", "true"));
    assertThat(written.getAdditionalProperties().get("spec"))
        .isEqualTo(
            Map.of(
                "type",
                0,
                "resourceID",
                resourceId,
                "clientID",
                identity.get("clientId"),
                "tenantID",
                System.getProperty(AzureSimulatorResource.TENANT)));
  }

  @Test
  void anIdentityArmDoesNotHaveLeavesTheClusterUntouched() {
    String missing =
        "/subscriptions/"
            + sub
            + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/none";

    Commands.Run r =
        commands.run(
            "identity",
            "add",
            "--name",
            "gone-" + id,
            "--namespace",
            "apps",
            "-i",
            missing,
            "--client-id",
            "66666666-7777-8888-9999-000000000000",
            "--federated",
            "--issuer",
            issuer);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.errorOutput()).startsWith("error: ARM answered 404").doesNotContain("\tat ");
    assertThat(identity("apps", "gone-" + id)).isNull();
  }

  @Test
  void withoutIssuerAndAClusterThatServesNoDiscoveryItSaysSoAndWritesNothing() {
    String resourceId =
        (String) AzureSimulatorResource.admin().createIdentity(sub, "rg", "x").get("id");

    Commands.Run r =
        commands.run(
            "identity",
            "add",
            "--name",
            "noissuer-" + id,
            "--namespace",
            "apps",
            "-i",
            resourceId,
            "--federated");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.errorOutput())
        .startsWith("error: cannot read the cluster's service-account issuer")
        .contains("pass --issuer");
    assertThat(AzureSimulatorResource.admin().federatedCredentials(resourceId)).isEmpty();
    assertThat(identity("apps", "noissuer-" + id)).isNull();
  }

  private static GenericKubernetesResource identity(String namespace, String name) {
    return LaunchedCluster.get("AzureIdentity", namespace, name);
  }
}
