package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.local.kube.MockApiServer;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesServiceAccountTokens;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.Identity;
import dev.podidentity.nmi.metrics.NmiMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated identities end to end: a Kubernetes API that serves TokenRequest and signs with its
 * service-account issuer, a simulator whose Entra trusts that issuer and holds the identity's
 * federated credentials, the view from the embedded broker, requests from the pods' addresses.
 */
class FederatedIdentityIT {
  static final String RESOURCE = "https://vault.azure.net";
  static final String NS = "team-a";
  @TempDir static Path trust;
  static MockApiServer.Running api;
  static KubernetesClient client;
  static AzureSimulator entra;
  static TestNode node;
  static Identity identity;

  /** The TokenRequest adapter's own metrics, apart from the node's. */
  static final SimpleMeterRegistry accountMetrics = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    api = MockApiServer.start(0, List.of(), trust.resolve("kubernetes-api"));
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(api.url()).withHttp2Disable(true).build())
            .build();
    entra =
        AzureSimulator.start(
            SimulatorConfig.forTests()
                .withTrustDir(trust.resolve("azure-simulator"))
                .withIssuerTrustPems(List.of(api.serviceAccountIssuerTrustPem())));
    node =
        TestNode.start(
            new KubernetesServiceAccountTokens(
                TestCluster.vertx(), client, new NmiMetrics(accountMetrics)),
            "nmi.federation.enabled",
            "true",
            "nmi.service-principals.trust-pem",
            entra.trustPemPath().toString());
    Map<String, Object> mi =
        entra.admin().createIdentity(UUID.randomUUID().toString(), "rg", "app-mi");
    entra
        .admin()
        .addFederatedCredential(
            (String) mi.get("id"),
            "team-a-app",
            api.serviceAccountIssuer(),
            OidcIssuer.serviceAccountSubject(NS, "app"));
    IdentityRecord record =
        new IdentityRecord(
            1,
            NS,
            "app-identity",
            IdentityType.USER_ASSIGNED_MSI,
            (String) mi.get("id"),
            (String) mi.get("clientId"),
            entra.tenantId(),
            null,
            null,
            null,
            entra.armUrl(),
            false,
            true,
            true,
            null,
            "1");
    TestCluster.publish(Topics.CONFIG, record.key(), record);
    identity = new Identity(record, (String) mi.get("principalId"));
    node.bind(NS, "app-binding", record.name(), "app");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (entra != null) {
      entra.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  /** A pod of {@code account} in the API and on the pods topic, bound and ASSIGNED. */
  static PodRecord pod(String ip, String account) {
    return pod(ip, account, true);
  }

  /**
   * As above; {@code reported} false: no assignment record at all, as while the assigner is down (a
   * federated identity's token does not wait for one).
   */
  static PodRecord pod(String ip, String account, boolean reported) {
    if (client.serviceAccounts().inNamespace(NS).withName(account).get() == null) {
      client
          .serviceAccounts()
          .inNamespace(NS)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withNamespace(NS)
                  .withName(account)
                  .endMetadata()
                  .build())
          .create();
    }
    String name = account + "-" + UUID.randomUUID().toString().substring(0, 8);
    Pod created =
        client
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withNamespace(NS)
                    .withName(name)
                    .withUid(UUID.randomUUID().toString())
                    .endMetadata()
                    .withNewSpec()
                    .withServiceAccountName(account)
                    .withNodeName(node.name)
                    .addNewContainer()
                    .withName("app")
                    .withImage("app")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    PodRecord pod =
        new PodRecord(
            1,
            created.getMetadata().getUid(),
            NS,
            name,
            node.name,
            node.target,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            false,
            Map.of(PodRecord.BINDING_LABEL, "app"),
            account,
            "1");
    TestCluster.publish(Topics.PODS, Keys.of(pod), pod);
    if (reported) {
      node.assign(pod, AssignmentState.ASSIGNED, identity);
      node.awaitAssignment(pod, AssignmentState.ASSIGNED);
    }
    return pod;
  }

  static JsonObject claims(String jwt) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void podsOfAFederatedServiceAccountGetTheIdentitysTokenFromOneExchange() {
    pod("127.0.0.121", "app");
    // The assigner never reported this one: the NMI holds its request until the pod is in its
    // view, then serves it from the bindings alone.
    pod("127.0.0.122", "app", false);
    long imdsBefore = node.imdsTokens();
    long exchangesBefore = entra.admin().entraCount("federated", "accepted");
    double tokenRequestsBefore = tokenRequests("ok");

    Answer first = node.token("127.0.0.121", "resource=" + RESOURCE);
    Answer second = node.token("127.0.0.122", "resource=" + RESOURCE);

    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(second.status()).as(second.body().toString()).isEqualTo(200);
    JsonObject token = first.json();
    assertThat(token.getString("client_id")).isEqualTo(identity.record().clientId());
    assertThat(token.getString("resource")).isEqualTo(RESOURCE);
    assertThat(claims(token.getString("access_token")).getString("appid"))
        .isEqualTo(identity.record().clientId());
    assertThat(second.json().getString("access_token")).isEqualTo(token.getString("access_token"));
    assertThat(entra.admin().entraCount("federated", "accepted") - exchangesBefore).isEqualTo(1);
    assertThat(node.imdsTokens()).isEqualTo(imdsBefore);
    // One service-account token for the one exchange, timed apart from Entra's answer.
    assertThat(tokenRequests("ok") - tokenRequestsBefore).isEqualTo(1);
    assertThat(accountMetrics.get("podidentity.nmi.tokenrequest.duration").summary().count())
        .isPositive();
  }

  private static double tokenRequests(String outcome) {
    var counter =
        accountMetrics
            .find("podidentity.nmi.tokenrequest.requests")
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aServiceAccountWithoutAFederatedCredentialIsRefusedWithEntrasReason() {
    pod("127.0.0.123", "batch");

    Answer a = node.token("127.0.0.123", "resource=" + RESOURCE);

    assertThat(a.status()).as(a.body().toString()).isEqualTo(403);
    assertThat(a.json().getString("error_description"))
        .contains("Entra refused the federated identity", "AADSTS");
  }
}
