package dev.podidentity.local.kube;

import static dev.podidentity.local.kube.ServiceAccountPods.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.SimulatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A federated identity on one machine, with real signatures: the local Kubernetes API issues a
 * pod's service-account token (TokenRequest, bound to the pod), and the simulator's Entra, which
 * trusts the API's issuer certificate, fetches the issuer's discovery document and keys, checks the
 * assertion against the identity's federated credential and answers with a token for the identity.
 */
class FederatedTokenIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "team-a";
  @TempDir static Path trust;
  private static MockApiServer.Running api;
  private static KubernetesClient client;
  private static AzureSimulator sim;
  private static Map<String, Object> identity;

  @BeforeAll
  static void start() throws Exception {
    api = MockApiServer.start(0, List.of(), trust.resolve("kubernetes-api"));
    client = KubernetesCluster.at(api.url()).client();
    sim =
        AzureSimulator.start(
            SimulatorConfig.forTests()
                .withTrustDir(trust.resolve("azure-simulator"))
                .withIssuerTrustPems(List.of(api.serviceAccountIssuerTrustPem())));
    identity = sim.admin().createIdentity("00000000-0000-4000-8000-00000000fed0", "rg", "app-mi");
    sim.admin()
        .addFederatedCredential(
            (String) identity.get("id"),
            "team-a-app",
            api.serviceAccountIssuer(),
            OidcIssuer.serviceAccountSubject(NS, "app"));
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aPodsServiceAccountTokenIsExchangedForItsIdentitysToken() throws Exception {
    HttpResponse<String> answer = exchange(podToken("app-0", "app"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JWTClaimsSet token = claims(JSON.readTree(answer.body()).path("access_token").asText());
    assertThat(token.getStringClaim("appid")).isEqualTo(identity.get("clientId"));
    assertThat(token.getStringClaim("oid")).isEqualTo(identity.get("principalId"));
    assertThat(token.getStringClaim("xms_mirid")).isEqualTo(identity.get("id"));
    assertThat(sim.admin().entraCount("federated", "accepted")).isEqualTo(1);
  }

  @Test
  void aPodOfAnotherServiceAccountIsRefusedForItsSubject() throws Exception {
    HttpResponse<String> answer = exchange(podToken("other-0", "other"));

    assertThat(answer.statusCode()).isEqualTo(401);
    JsonNode error = JSON.readTree(answer.body());
    assertThat(error.path("error").asText()).isEqualTo("invalid_client");
    assertThat(error.path("error_description").asText())
        .startsWith("AADSTS700213:")
        .contains("system:serviceaccount:team-a:other");
  }

  private static String podToken(String podName, String account) {
    return ServiceAccountPods.podToken(client, NS, podName, account);
  }

  private static HttpResponse<String> exchange(String assertion) throws Exception {
    return ServiceAccountPods.exchange(
        sim.armUrl(),
        sim.tenantId(),
        sim.trustPemPath(),
        (String) identity.get("clientId"),
        assertion);
  }
}
