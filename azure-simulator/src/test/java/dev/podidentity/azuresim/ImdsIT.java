package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each simulated VM's IMDS, driven by azure-identity's ManagedIdentityCredential and raw HTTP. */
class ImdsIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-imds";
  static final String ARM = "https://management.azure.com/";
  static AzureSimulator sim;
  static HttpClient sdkHttp;
  static Map<String, Object> assigned;
  static Map<String, Object> unassigned;
  static String vmssId;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    sdkHttp = SdkClients.httpClient(sim);
    assigned = sim.admin().createIdentity(SUB, RG, "id-assigned");
    unassigned = sim.admin().createIdentity(SUB, RG, "id-unassigned");
    vmssId = (String) sim.admin().addScaleSet(SUB, RG, "imdsvmss", 4).get("id");
    sim.admin().assignIdentities(vmssId, List.of((String) assigned.get("id")), true);
  }

  @AfterAll
  static void stop() {
    MsalImdsRedirect.reset();
    sim.close();
  }

  static AccessToken managedIdentityToken(String vm, String clientId) {
    MsalImdsRedirect.pointAt(sim.imdsEndpointFor(vm));
    return new ManagedIdentityCredentialBuilder()
        .clientId(clientId)
        .httpClient(sdkHttp)
        .build()
        .getTokenSync(new TokenRequestContext().addScopes(ARM + ".default"));
  }

  static HttpResponse<String> get(String url, boolean metadata) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (metadata) {
      b.header("Metadata", "true");
    }
    return Jwks.http(sim).send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String tokenUrl(String vm, String query) {
    return sim.imdsEndpointFor(vm)
        + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
        + ARM
        + query;
  }

  @Test
  void managedIdentityCredentialGetsAVerifiableTokenForAnAssignedIdentity() throws Exception {
    AccessToken token = managedIdentityToken("imdsvmss000000", (String) assigned.get("clientId"));

    JWTClaimsSet claims = Jwks.verify(sim, token.getToken());
    // MSAL turns the scope into IMDS's resource by dropping "/.default"; aud is the resource.
    assertThat(claims.getAudience()).containsExactly("https://management.azure.com");
    assertThat(claims.getClaim("appid")).isEqualTo(assigned.get("clientId"));
    assertThat(claims.getClaim("oid")).isEqualTo(assigned.get("principalId"));
    assertThat(claims.getClaim("xms_mirid")).isEqualTo(assigned.get("id"));
    assertThat(claims.getIssuer()).isEqualTo("https://sts.windows.net/" + sim.tenantId() + "/");
    assertThat(Duration.between(Instant.now(), claims.getExpirationTime().toInstant()))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    assertThat(sim.admin().imdsCount("imdsvmss000000", Counters.TOKENS)).isEqualTo(1);
  }

  @Test
  void managedIdentityCredentialIsRefusedForAnIdentityNotOnTheScaleSet() throws Exception {
    assertThatThrownBy(
            () -> managedIdentityToken("imdsvmss000001", (String) unassigned.get("clientId")))
        .isInstanceOf(ClientAuthenticationException.class);

    HttpResponse<String> raw =
        get(tokenUrl("imdsvmss000001", "&client_id=" + unassigned.get("clientId")), true);
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(raw.body()).get("error_description").asText())
        .isEqualTo("Identity not found");
  }

  @Test
  void selectsIdentitiesByResourceIdAndObjectIdAndDefaultsToTheSystemIdentity() throws Exception {
    HttpResponse<String> byResId =
        get(tokenUrl("imdsvmss000002", "&msi_res_id=" + assigned.get("id")), true);
    HttpResponse<String> byObjectId =
        get(tokenUrl("imdsvmss000002", "&object_id=" + assigned.get("principalId")), true);
    HttpResponse<String> system = get(tokenUrl("imdsvmss000002", ""), true);

    assertThat(byResId.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(byResId.body()).get("client_id").asText())
        .isEqualTo(assigned.get("clientId"));
    assertThat(byObjectId.statusCode()).isEqualTo(200);
    var sys = Json.MAPPER.readTree(system.body());
    assertThat(sys.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(Long.parseLong(sys.get("expires_in").asText())).isGreaterThan(86_000);
    assertThat(Jwks.verify(sim, sys.get("access_token").asText()).getClaim("xms_mirid"))
        .isEqualTo(vmssId);
  }

  @Test
  void requiresTheMetadataHeaderAndAnswersInImdsShape() throws Exception {
    HttpResponse<String> r = get(tokenUrl("imdsvmss000002", ""), false);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("error_description").asText())
        .isEqualTo("Required metadata header not specified");
  }

  @Test
  void servesInstanceMetadataOfTheVm() throws Exception {
    HttpResponse<String> r =
        get(
            sim.imdsEndpointFor("imdsvmss000002") + "/metadata/instance?api-version=2021-02-01",
            true);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(r.body()).at("/compute/vmScaleSetName").asText())
        .isEqualTo("imdsvmss");
  }

  @Test
  void throttlesAVmPast20RequestsASecond() throws Exception {
    // A slowed clock (one simulated second lasts 1,000 real ones) keeps the count independent of
    // how fast this machine sends: all 30 requests fall into one simulated second.
    try (AzureSimulator slow =
        AzureSimulator.start(SimulatorConfig.forTests().withTimeScale(0.001))) {
      String vmss = (String) slow.admin().addScaleSet(SUB, RG, "ratevmss", 1).get("id");
      var identity = slow.admin().createIdentity(SUB, RG, "id-rate");
      slow.admin().assignIdentities(vmss, List.of((String) identity.get("id")), true);
      var http = Jwks.http(slow);
      int throttled = 0;
      for (int i = 0; i < 30; i++) {
        var request =
            HttpRequest.newBuilder(
                    URI.create(
                        slow.imdsEndpointFor("ratevmss000000")
                            + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                            + ARM))
                .header("Metadata", "true")
                .timeout(Duration.ofSeconds(10))
                .build();
        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 429) {
          throttled++;
        }
      }

      assertThat(throttled).isEqualTo(10);
      assertThat(slow.admin().imdsCount("ratevmss000000", Counters.THROTTLED)).isEqualTo(10);
    }
  }

  @Test
  void refusesASixthConcurrentRequestOfOneVm() {
    sim.admin().addScaleSet(SUB, RG, "slowvmss", 1);
    sim.admin().injectFault(Fault.latency("imds", "slowvmss000000", 700));
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    var http = Jwks.http(sim);
    for (int i = 0; i < 6; i++) {
      calls.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(tokenUrl("slowvmss000000", "")))
                  .header("Metadata", "true")
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    List<Integer> statuses = calls.stream().map(c -> c.join().statusCode()).toList();
    sim.admin().clearFaults();
    assertThat(statuses).contains(429);
  }
}
