package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.UserAssignedIdentitiesClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.azuresim.http.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Federated identity credentials through azure-resourcemanager-msi and the admin API. */
class FederatedCredentialsIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-fic";
  static final String ISSUER = "https://oidc.example/cluster-1";
  static final String AUDIENCE = "api://AzureADTokenExchange";
  static AzureSimulator sim;
  static UserAssignedIdentitiesClient identities;
  static FederatedIdentityCredentialsClient credentials;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    MsiManager msi = SdkClients.msi(sim, SUB);
    identities = msi.serviceClient().getUserAssignedIdentities();
    credentials = msi.serviceClient().getFederatedIdentityCredentials();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static IdentityInner identity(String name) {
    return identities.createOrUpdate(RG, name, new IdentityInner().withLocation("westeurope"));
  }

  static FederatedIdentityCredentialInner credential(String issuer, String subject, String... aud) {
    return new FederatedIdentityCredentialInner()
        .withIssuer(issuer)
        .withSubject(subject)
        .withAudiences(List.of(aud));
  }

  static ManagementException refusal(Runnable call) {
    try {
      call.run();
    } catch (ManagementException e) {
      return e;
    }
    throw new AssertionError("expected ARM to refuse");
  }

  @Test
  void createsGetsListsAndDeletesCredentialsInArmShape() {
    IdentityInner mi = identity("app-fic");

    FederatedIdentityCredentialInner created =
        credentials.createOrUpdate(RG, "app-fic", "pod-sa", credential(ISSUER, "sa:a", AUDIENCE));
    credentials.createOrUpdate(RG, "app-fic", "other-sa", credential(ISSUER, "sa:b", AUDIENCE));

    assertThat(created.id()).isEqualTo(mi.id() + "/federatedIdentityCredentials/pod-sa");
    assertThat(created.name()).isEqualTo("pod-sa");
    assertThat(created.type())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(created.audiences()).containsExactly(AUDIENCE);
    assertThat(credentials.get(RG, "app-fic", "pod-sa").subject()).isEqualTo("sa:a");
    assertThat(credentials.list(RG, "app-fic").stream().map(FederatedIdentityCredentialInner::name))
        .containsExactly("pod-sa", "other-sa");

    credentials.delete(RG, "app-fic", "pod-sa");
    credentials.delete(RG, "app-fic", "pod-sa");

    assertThat(credentials.list(RG, "app-fic").stream().map(FederatedIdentityCredentialInner::name))
        .containsExactly("other-sa");
    assertThat(refusal(() -> credentials.get(RG, "app-fic", "pod-sa")).getValue().getCode())
        .isEqualTo("ResourceNotFound");
  }

  @Test
  void updatesACredentialInPlaceWith200() throws Exception {
    identity("app-upd");
    credentials.createOrUpdate(RG, "app-upd", "fic", credential(ISSUER, "sa:a", AUDIENCE));

    HttpResponse<String> r =
        put("app-upd", "fic", "2023-01-31", body(ISSUER, "sa:changed", List.of(AUDIENCE)));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(credentials.get(RG, "app-upd", "fic").subject()).isEqualTo("sa:changed");
  }

  @Test
  void refusesWhatAzureRefuses() {
    identity("app-bad");
    credentials.createOrUpdate(RG, "app-bad", "first", credential(ISSUER, "sa:a", AUDIENCE));

    ManagementException twoAudiences =
        refusal(
            () ->
                credentials.createOrUpdate(
                    RG, "app-bad", "two", credential(ISSUER, "sa:x", AUDIENCE, "api://other")));
    ManagementException duplicate =
        refusal(
            () ->
                credentials.createOrUpdate(
                    RG, "app-bad", "second", credential(ISSUER, "sa:a", AUDIENCE)));
    ManagementException badName =
        refusal(
            () ->
                credentials.createOrUpdate(
                    RG, "app-bad", "_x", credential(ISSUER, "sa:y", AUDIENCE)));
    ManagementException noParent =
        refusal(
            () ->
                credentials.createOrUpdate(
                    RG, "missing", "fic", credential(ISSUER, "sa:a", AUDIENCE)));

    assertThat(twoAudiences.getResponse().getStatusCode()).isEqualTo(400);
    assertThat(twoAudiences.getValue().getMessage())
        .isEqualTo("Federated identity credentials must have exactly one audience.");
    assertThat(duplicate.getValue().getMessage())
        .isEqualTo("Issuer and subject combination already exists for this Managed Identity.");
    assertThat(badName.getValue().getMessage())
        .isEqualTo("Federated Identity Credential name '_x' is invalid.");
    assertThat(noParent.getResponse().getStatusCode()).isEqualTo(404);
    assertThat(noParent.getValue().getMessage())
        .isEqualTo("The parent user-assigned identity doesn't exist.");
    assertThat(credentials.list(RG, "app-bad").stream()).hasSize(1);
  }

  @Test
  void refusesTheTwentyFirstCredential() {
    identity("app-many");
    for (int i = 0; i < 20; i++) {
      credentials.createOrUpdate(
          RG, "app-many", "fic-" + i, credential(ISSUER, "sa:" + i, AUDIENCE));
    }

    ManagementException extra =
        refusal(
            () ->
                credentials.createOrUpdate(
                    RG, "app-many", "fic-20", credential(ISSUER, "sa:20", AUDIENCE)));

    assertThat(extra.getResponse().getStatusCode()).isEqualTo(400);
    assertThat(extra.getValue().getMessage()).contains("maximum of 20");
  }

  @Test
  void checksTheApiVersionLikeEveryArmCall() throws Exception {
    identity("app-ver");

    JsonNode missing = Json.MAPPER.readTree(put("app-ver", "fic", null, "{}").body());
    JsonNode tooOld = Json.MAPPER.readTree(put("app-ver", "fic", "2018-11-30", "{}").body());

    assertThat(missing.at("/error/code").asText()).isEqualTo("MissingApiVersionParameter");
    assertThat(tooOld.at("/error/code").asText()).isEqualTo("NoRegisteredProviderFound");
    for (String version :
        List.of("2022-01-31-preview", "2023-01-31", "2023-07-31-preview", "2024-11-30")) {
      assertThat(put("app-ver", "fic", version, body(ISSUER, "v", List.of(AUDIENCE))).statusCode())
          .as(version)
          .isIn(200, 201);
    }
  }

  @Test
  void deletingTheIdentityDeletesItsCredentials() {
    identity("app-gone");
    credentials.createOrUpdate(RG, "app-gone", "fic", credential(ISSUER, "sa:a", AUDIENCE));

    identities.delete(RG, "app-gone");
    identity("app-gone");

    assertThat(credentials.list(RG, "app-gone").stream()).isEmpty();
  }

  @Test
  void adminApiManagesTheSameCredentials() {
    IdentityInner mi = identity("app-admin");

    Map<String, Object> added =
        sim.admin().addFederatedCredential(mi.id(), "admin-fic", ISSUER, "sa:admin");

    assertThat(added.get("id")).isEqualTo(mi.id() + "/federatedIdentityCredentials/admin-fic");
    assertThat(credentials.get(RG, "app-admin", "admin-fic").audiences()).containsExactly(AUDIENCE);
    assertThat(sim.admin().federatedCredentials(mi.id()))
        .extracting(c -> c.get("name"))
        .containsExactly("admin-fic");
    assertThatThrownBy(() -> sim.admin().addFederatedCredential(mi.id(), "dup", ISSUER, "sa:admin"))
        .hasMessageContaining("Issuer and subject combination already exists");

    sim.admin().removeFederatedCredential(mi.id(), "admin-fic");

    assertThat(sim.admin().federatedCredentials(mi.id())).isEmpty();
  }

  static String body(String issuer, String subject, List<String> audiences) {
    return Json.write(
        Map.of("properties", Map.of("issuer", issuer, "subject", subject, "audiences", audiences)));
  }

  static HttpResponse<String> put(String identity, String fic, String apiVersion, String body)
      throws Exception {
    String url =
        SdkClients.resourceGroupUrl(sim, SUB, RG)
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + identity
            + "/federatedIdentityCredentials/"
            + fic
            + (apiVersion == null ? "" : "?api-version=" + apiVersion);
    return Jwks.http(sim)
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
