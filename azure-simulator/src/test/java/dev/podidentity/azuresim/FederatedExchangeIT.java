package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.http.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workload identity federation end to end: a real OIDC issuer on loopback signs service-account
 * tokens; the simulator's Entra exchanges them for tokens of the user-assigned identity whose
 * federated credential trusts that issuer, subject and audience, and refuses everything else.
 */
class FederatedExchangeIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-fed";
  static final String ARM = "https://management.azure.com/";
  static final String NS = "team-a";
  static final String SA = "app";
  static AzureSimulator sim;
  static OidcIssuer oidc;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    oidc = OidcIssuer.startHttp();
  }

  @AfterAll
  static void stop() {
    oidc.close();
    sim.close();
  }

  /** A new identity trusting {@code oidc} for service account team-a/app. */
  static Map<String, Object> federatedIdentity() {
    Map<String, Object> mi = sim.admin().createIdentity(SUB, RG, "mi-" + UUID.randomUUID());
    sim.admin()
        .addFederatedCredential(
            id(mi), "pod-sa", oidc.issuer(), OidcIssuer.serviceAccountSubject(NS, SA));
    return mi;
  }

  static String id(Map<String, Object> mi) {
    return (String) mi.get("id");
  }

  static String clientId(Map<String, Object> mi) {
    return (String) mi.get("clientId");
  }

  static String saToken() {
    return oidc.serviceAccountToken(
        NS, SA, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));
  }

  static HttpResponse<String> exchange(boolean v2, String clientId, String assertion)
      throws Exception {
    return exchange(sim, v2, clientId, assertion);
  }

  /** Posts the client-credentials grant with a JWT client assertion, as MSAL does. */
  static HttpResponse<String> exchange(
      AzureSimulator target, boolean v2, String clientId, String assertion) throws Exception {
    Map<String, String> form =
        Map.of(
            "grant_type",
            "client_credentials",
            "client_id",
            clientId,
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion",
            assertion,
            v2 ? "scope" : "resource",
            v2 ? ARM + ".default" : ARM);
    String body =
        String.join(
            "&",
            form.entrySet().stream()
                .map(
                    e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .toList());
    String path = target.tenantId() + (v2 ? "/oauth2/v2.0/token" : "/oauth2/token");
    return Jwks.http(target)
        .send(
            HttpRequest.newBuilder(URI.create(target.armUrl() + "/" + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  /** Asserts Entra's refusal and returns its description. */
  static String refusal(HttpResponse<String> r, int status, String error, int code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).isEqualTo(error);
    assertThat(json(r).get("error_codes").get(0).asInt()).isEqualTo(code);
    String description = json(r).get("error_description").asText();
    assertThat(description).startsWith("AADSTS" + code + ": ");
    return description;
  }

  static long federated(String event) {
    return sim.admin().entraCount(Counters.FEDERATED, event);
  }

  /** The pod's service-account token, issued {@code from} now and expiring {@code to} now. */
  static String timed(Duration from, Duration to) {
    Instant now = Instant.now();
    return oidc.sign(
        new JWTClaimsSet.Builder()
            .issuer(oidc.issuer())
            .subject(OidcIssuer.serviceAccountSubject(NS, SA))
            .audience(OidcIssuer.TOKEN_EXCHANGE_AUDIENCE)
            .issueTime(Date.from(now.plus(from)))
            .notBeforeTime(Date.from(now.plus(from)))
            .expirationTime(Date.from(now.plus(to)))
            .build());
  }

  @Test
  void exchangesAServiceAccountTokenForTheIdentitysTokenWithoutTouchingArm() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    long accepted = federated(Counters.ACCEPTED);
    Object compute = sim.admin().counters().get("compute");

    HttpResponse<String> v2 = exchange(true, clientId(mi), saToken());
    HttpResponse<String> v1 = exchange(false, clientId(mi), saToken());

    assertThat(v2.statusCode()).as(v2.body()).isEqualTo(200);
    assertThat(json(v1).get("resource").asText()).isEqualTo(ARM);
    JWTClaimsSet token = Jwks.verify(sim, json(v2).get("access_token").asText());
    assertThat(token.getAudience()).containsExactly(ARM);
    assertThat(token.getClaim("appid")).isEqualTo(clientId(mi));
    assertThat(token.getClaim("oid")).isEqualTo(mi.get("principalId"));
    assertThat(token.getClaim("tid")).isEqualTo(sim.tenantId());
    assertThat(token.getClaim("xms_mirid")).isEqualTo(id(mi));
    assertThat(federated(Counters.ACCEPTED) - accepted).isEqualTo(2);
    assertThat(sim.admin().counters().get("compute")).isEqualTo(compute);
  }

  @Test
  void tokenFromClientAssertionCredentialPassesTheProtectedArmRead() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    sim.admin().addVirtualMachine(SUB, RG, "fed-vm");
    sim.admin()
        .addRoleAssignment(
            (String) mi.get("principalId"),
            "/subscriptions/" + SUB + "/resourceGroups/" + RG,
            "Reader");
    String token =
        new ClientAssertionCredentialBuilder()
            .authorityHost(sim.armUrl())
            .tenantId(sim.tenantId())
            .clientId(clientId(mi))
            .clientAssertion(FederatedExchangeIT::saToken)
            .disableInstanceDiscovery()
            .httpClient(SdkClients.httpClient(sim))
            .build()
            .getTokenSync(new TokenRequestContext().addScopes(ARM + ".default"))
            .getToken();

    HttpResponse<String> vms =
        Jwks.http(sim)
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            SdkClients.resourceGroupUrl(sim, SUB, RG)
                                + "/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(vms.statusCode()).as(vms.body()).isEqualTo(200);
    assertThat(json(vms).at("/value/0/name").asText()).isEqualTo("fed-vm");
  }

  @Test
  void refusesAnotherServiceAccountOfTheSameIssuer() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    long refused = federated("refused:subject");
    String other =
        oidc.serviceAccountToken(
            NS, "intruder", OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));

    String description =
        refusal(exchange(true, clientId(mi), other), 401, "invalid_client", 700213);

    assertThat(description)
        .contains("assertion subject '" + OidcIssuer.serviceAccountSubject(NS, "intruder") + "'");
    assertThat(federated("refused:subject") - refused).isEqualTo(1);
  }

  @Test
  void refusesATokenForAnotherAudience() throws Exception {
    Map<String, Object> mi = federatedIdentity();

    String description =
        refusal(
            exchange(
                true,
                clientId(mi),
                oidc.serviceAccountToken(NS, SA, "api://other", Duration.ofHours(1))),
            401,
            "invalid_client",
            700212);

    assertThat(description).contains("assertion audience 'api://other'");
  }

  @Test
  void refusesAnIssuerNoCredentialTrustsWithoutFetchingItsKeys() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    try (OidcIssuer stranger = OidcIssuer.startHttp()) {
      String token =
          stranger.serviceAccountToken(
              NS, SA, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));

      String description =
          refusal(exchange(true, clientId(mi), token), 401, "invalid_client", 700211);

      assertThat(description).contains("assertion issuer '" + stranger.issuer() + "'");
      assertThat(stranger.jwksRequests()).isZero();
    }
  }

  @Test
  void refusesAnIdentityWithoutFederatedCredentials() throws Exception {
    Map<String, Object> mi = sim.admin().createIdentity(SUB, RG, "mi-" + UUID.randomUUID());

    String description =
        refusal(exchange(true, clientId(mi), saToken()), 401, "invalid_client", 70021);

    assertThat(description)
        .contains("Assertion Issuer: '" + oidc.issuer() + "'")
        .contains("Assertion Subject: '" + OidcIssuer.serviceAccountSubject(NS, SA) + "'")
        .contains("Assertion Audience: '" + OidcIssuer.TOKEN_EXCHANGE_AUDIENCE + "'");
  }

  @Test
  void refusesAnExpiredAssertionAndOneNotYetValid() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    String expired = timed(Duration.ofHours(-2), Duration.ofHours(-1));
    String early = timed(Duration.ofHours(1), Duration.ofHours(2));
    long expiredBefore = federated("refused:expired");
    long earlyBefore = federated("refused:notYetValid");

    refusal(exchange(true, clientId(mi), expired), 401, "invalid_client", 700024);
    String description =
        refusal(exchange(true, clientId(mi), early), 401, "invalid_client", 700024);

    assertThat(description).contains("Client assertion is not within its valid time range.");
    assertThat(federated("refused:expired") - expiredBefore).isEqualTo(1);
    assertThat(federated("refused:notYetValid") - earlyBefore).isEqualTo(1);
  }

  @Test
  void aShiftedEntraClockRefusesAnAssertionThatIsValidNowAsExpired() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    String tenMinutes = timed(Duration.ZERO, Duration.ofMinutes(10));
    try {
      sim.admin().shiftEntraClock(Duration.ofMinutes(16));
      String description =
          refusal(exchange(true, clientId(mi), tenMinutes), 401, "invalid_client", 700024);
      assertThat(description).contains("Client assertion is not within its valid time range.");
    } finally {
      sim.admin().shiftEntraClock(Duration.ZERO);
    }
    assertThat(exchange(true, clientId(mi), tenMinutes).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesASignatureByAKeyTheIssuerDoesNotHold() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    RSAKey foreign = new RSAKeyGenerator(2048).generate();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(oidc.keyId()).build(),
            JWTClaimsSet.parse(SignedJWT.parse(saToken()).getJWTClaimsSet().toJSONObject()));
    forged.sign(new RSASSASigner(foreign));

    refusal(exchange(true, clientId(mi), forged.serialize()), 401, "invalid_client", 700027);
    refusal(exchange(true, clientId(mi), "not-a-jwt"), 400, "invalid_request", 50027);
  }

  @Test
  void refetchesTheKeysForAnUnknownKidSoARotatedKeyIsAccepted() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    try (OidcIssuer rotating = OidcIssuer.startHttp()) {
      sim.admin()
          .addFederatedCredential(
              id(mi), "rotating", rotating.issuer(), OidcIssuer.serviceAccountSubject(NS, SA));
      String first =
          rotating.serviceAccountToken(
              NS, SA, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));
      assertThat(exchange(true, clientId(mi), first).statusCode()).isEqualTo(200);
      assertThat(exchange(true, clientId(mi), first).statusCode()).isEqualTo(200);
      assertThat(rotating.jwksRequests()).as("the key set is cached").isEqualTo(1);

      rotating.rotateKey();
      rotating.retireOldKeys();
      String second =
          rotating.serviceAccountToken(
              NS, SA, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));

      assertThat(exchange(true, clientId(mi), second).statusCode()).isEqualTo(200);
      assertThat(rotating.jwksRequests()).isEqualTo(2);
      String description =
          refusal(exchange(true, clientId(mi), first), 401, "invalid_client", 7000272);
      assertThat(description)
          .contains("could not be found in the metadata of identity provider " + rotating.issuer());
    }
  }

  @Test
  void acceptsAnEs256Issuer() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    try (OidcIssuer ec = OidcIssuer.startHttp()) {
      ec.rotateKey(JWSAlgorithm.ES256);
      sim.admin()
          .addFederatedCredential(
              id(mi), "ec-key", ec.issuer(), OidcIssuer.serviceAccountSubject(NS, SA));

      HttpResponse<String> r =
          exchange(
              true,
              clientId(mi),
              ec.serviceAccountToken(
                  NS, SA, OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1)));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  @Test
  void refusesOnceTheCredentialOrTheIdentityIsDeleted() throws Exception {
    Map<String, Object> mi = federatedIdentity();
    assertThat(exchange(true, clientId(mi), saToken()).statusCode()).isEqualTo(200);

    sim.admin().removeFederatedCredential(id(mi), "pod-sa");
    refusal(exchange(true, clientId(mi), saToken()), 401, "invalid_client", 70021);

    sim.admin()
        .addFederatedCredential(
            id(mi), "pod-sa", oidc.issuer(), OidcIssuer.serviceAccountSubject(NS, SA));
    assertThat(exchange(true, clientId(mi), saToken()).statusCode()).isEqualTo(200);
    sim.state().deleteIdentity(id(mi));
    refusal(exchange(true, clientId(mi), saToken()), 400, "unauthorized_client", 700016);
  }

  @Test
  void trustsAnHttpsIssuerOnlyWithItsCertificateConfigured() throws Exception {
    try (OidcIssuer tls = OidcIssuer.startHttps(null);
        AzureSimulator trusting =
            AzureSimulator.start(
                SimulatorConfig.forTests().withIssuerTrustPems(List.of(tls.trustPemPath())))) {
      Map<String, Object> untrustedMi =
          sim.admin().createIdentity(SUB, RG, "mi-" + UUID.randomUUID());
      sim.admin().addFederatedCredential(id(untrustedMi), "tls", tls.issuer(), "workload");
      Map<String, Object> trustedMi = trusting.admin().createIdentity(SUB, RG, "mi-tls");
      trusting.admin().addFederatedCredential(id(trustedMi), "tls", tls.issuer(), "workload");
      Instant now = Instant.now();
      String token =
          tls.sign(
              new JWTClaimsSet.Builder()
                  .issuer(tls.issuer())
                  .subject("workload")
                  .audience(OidcIssuer.TOKEN_EXCHANGE_AUDIENCE)
                  .issueTime(Date.from(now))
                  .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                  .build());

      refusal(exchange(true, clientId(untrustedMi), token), 400, "invalid_request", 90061);
      HttpResponse<String> r = exchange(trusting, true, clientId(trustedMi), token);

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
