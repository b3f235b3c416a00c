package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.management.exception.ManagementException;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.podidentity.azuresim.http.Json;
import dev.podidentity.azuresim.tokens.TlsMaterial;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Entra token endpoint through azure-identity, and the protected ARM read that checks tokens.
 */
class EntraIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-demo";
  static final String ARM_SCOPE = "https://management.azure.com/.default";
  static AzureSimulator sim;
  static HttpClient http;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    http = SdkClients.httpClient(sim);
    sim.admin().addVirtualMachine(SUB, RG, "demo-vm");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static ClientSecretCredentialBuilder secretCredential(String clientId, String secret) {
    return new ClientSecretCredentialBuilder()
        .authorityHost(sim.armUrl())
        .tenantId(sim.tenantId())
        .clientId(clientId)
        .clientSecret(secret)
        .disableInstanceDiscovery()
        .httpClient(http);
  }

  @Test
  void clientSecretCredentialGetsATokenThatVerifiesAgainstTheJwks() throws Exception {
    Map<String, Object> sp = sim.admin().addServicePrincipal(null, "s3cret", null);

    String token =
        secretCredential((String) sp.get("clientId"), "s3cret")
            .build()
            .getTokenSync(new TokenRequestContext().addScopes(ARM_SCOPE))
            .getToken();

    JWTClaimsSet claims = Jwks.verify(sim, token);
    assertThat(claims.getAudience()).containsExactly("https://management.azure.com/");
    assertThat(claims.getClaim("appid")).isEqualTo(sp.get("clientId"));
    assertThat(claims.getClaim("oid")).isEqualTo(sp.get("objectId"));
  }

  @Test
  void clientSecretCredentialIsRefusedForAWrongSecret() {
    Map<String, Object> sp = sim.admin().addServicePrincipal(null, "right", null);

    assertThatThrownBy(
            () ->
                secretCredential((String) sp.get("clientId"), "wrong")
                    .build()
                    .getTokenSync(new TokenRequestContext().addScopes(ARM_SCOPE)))
        .hasStackTraceContaining("AADSTS7000215");
  }

  @Test
  void clientCertificateCredentialGetsATokenWithARegisteredCertificate(@TempDir Path dir)
      throws Exception {
    KeyPair kp = TlsMaterial.rsaKeyPair();
    X509Certificate cert = TlsMaterial.selfSigned(kp, "CN=demo-app", false);
    Path pem = dir.resolve("app.pem");
    Files.writeString(pem, privateKeyPem(kp) + TlsMaterial.toPem(cert));
    Map<String, Object> sp = sim.admin().addServicePrincipal(null, null, TlsMaterial.toPem(cert));

    String token =
        new ClientCertificateCredentialBuilder()
            .authorityHost(sim.armUrl())
            .tenantId(sim.tenantId())
            .clientId((String) sp.get("clientId"))
            .pemCertificate(pem.toString())
            .disableInstanceDiscovery()
            .httpClient(http)
            .build()
            .getTokenSync(new TokenRequestContext().addScopes(ARM_SCOPE))
            .getToken();

    assertThat(Jwks.verify(sim, token).getClaim("appid")).isEqualTo(sp.get("clientId"));
  }

  @Test
  void protectedReadListsVmsForAPrincipalWithARoleAndRefusesOneWithout() {
    Map<String, Object> reader = sim.admin().addServicePrincipal(null, "reader", null);
    sim.admin()
        .addRoleAssignment(
            (String) reader.get("objectId"),
            "/subscriptions/" + SUB + "/resourceGroups/" + RG,
            "Reader");
    ComputeManager withRole =
        ComputeManager.configure()
            .withHttpClient(http)
            .withRetryOptions(SdkClients.noRetries())
            .authenticate(
                secretCredential((String) reader.get("clientId"), "reader").build(),
                SdkClients.profile(sim, SUB));
    ComputeManager withoutRole = SdkClients.compute(sim, SUB);

    List<VirtualMachineInner> vms =
        withRole.serviceClient().getVirtualMachines().listByResourceGroup(RG).stream().toList();

    assertThat(vms).extracting(VirtualMachineInner::name).containsExactly("demo-vm");
    assertThatThrownBy(
            () ->
                withoutRole.serviceClient().getVirtualMachines().listByResourceGroup(RG).stream()
                    .toList())
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
              assertThat(e.getValue().getCode()).isEqualTo("AuthorizationFailed");
            });
  }

  @Test
  void protectedReadRefusesAMissingOrForeignToken() throws Exception {
    String url =
        SdkClients.resourceGroupUrl(sim, SUB, RG)
            + "/providers/Microsoft.Compute/virtualMachines?api-version=2025-04-01";
    var client = Jwks.http(sim);

    HttpResponse<String> none =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> forged =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(none.body()).at("/error/code").asText())
        .isEqualTo("AuthenticationFailed");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(forged.body()).at("/error/code").asText())
        .isEqualTo("InvalidAuthenticationToken");
  }

  static String privateKeyPem(KeyPair kp) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
