package dev.podidentity.azuresim;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How a test builds real Azure SDK clients against a simulator: a Vert.x HTTP client trusting the
 * generated certificate, an environment whose ARM endpoint is the simulator, and a service
 * principal credential from the simulator's Entra endpoint.
 */
final class SdkClients {

  /** One Vert.x for all SDK clients of the test JVM; the SDK only borrows it. */
  static final Vertx VERTX = Vertx.vertx();

  static {
    // The SDK waits its 30 s default poll interval when ARM sends no Retry-After; tests need not.
    ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(d -> Duration.ofMillis(20));
  }

  private SdkClients() {}

  static HttpClient httpClient(AzureSimulator sim) {
    return new VertxHttpClientBuilder()
        .vertx(VERTX)
        .httpClientOptions(SimulatorTrust.vertxClientOptions(sim.trustPemPath()))
        .build();
  }

  /** {@code https://host:port/subscriptions/{sub}/resourceGroups/{rg}}, for raw ARM calls. */
  static String resourceGroupUrl(AzureSimulator sim, String subscriptionId, String resourceGroup) {
    return sim.armUrl() + "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
  }

  static AzureProfile profile(AzureSimulator sim, String subscriptionId) {
    // Start from public Azure (graph etc. must be set) and move ARM and login to the simulator;
    // tokens stay for the real ARM audience, which the simulator's protected read checks.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", sim.armUrl() + "/");
    endpoints.put("activeDirectoryEndpointUrl", sim.armUrl() + "/");
    AzureEnvironment env = new AzureEnvironment(endpoints);
    return new AzureProfile(sim.tenantId(), subscriptionId, env);
  }

  /** A service principal registered in the simulator, and a credential for it. */
  static TokenCredential servicePrincipalCredential(AzureSimulator sim, HttpClient http) {
    String secret = UUID.randomUUID().toString();
    Map<String, Object> sp = sim.admin().addServicePrincipal(null, secret, null);
    return new ClientSecretCredentialBuilder()
        .authorityHost(sim.armUrl())
        .tenantId(sim.tenantId())
        .clientId((String) sp.get("clientId"))
        .clientSecret(secret)
        .disableInstanceDiscovery()
        .httpClient(http)
        .build();
  }

  /** No SDK retries, so a test sees Azure's 429 and 409 as they are answered. */
  static RetryOptions noRetries() {
    return new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));
  }

  static ComputeManager compute(AzureSimulator sim, String subscriptionId) {
    HttpClient http = httpClient(sim);
    return ComputeManager.configure()
        .withHttpClient(http)
        .withRetryOptions(noRetries())
        .authenticate(servicePrincipalCredential(sim, http), profile(sim, subscriptionId));
  }

  static MsiManager msi(AzureSimulator sim, String subscriptionId) {
    HttpClient http = httpClient(sim);
    return MsiManager.configure()
        .withHttpClient(http)
        .withRetryOptions(noRetries())
        .authenticate(servicePrincipalCredential(sim, http), profile(sim, subscriptionId));
  }
}
