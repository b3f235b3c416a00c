package dev.podidentity.assigner.adapter.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.ManagedServiceIdentityClient;
import dev.podidentity.assigner.config.AssignerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The SDK's compute clients, one per subscription, built from configuration on Quarkus's Vert.x.
 * They share one HTTP client and one credential, so a token obtained once serves every subscription
 * and {@link #warmUp} pays the SDK's cold start before the first pod needs it.
 */
public final class AzureClients {
  static final int MAX_CONNECTIONS = 64;
  private static final String PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
  private static final Logger LOG = Logger.getLogger(AzureClients.class);
  private static final RetryOptions NO_RETRIES =
      new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));

  private final AssignerConfig.Cloud config;
  private final HttpClient http;
  private final TokenCredential credential;

  public AzureClients(AssignerConfig.Cloud config, Vertx vertx) {
    this.config = config;
    this.http = httpClient(config, vertx);
    this.credential = credential(config, http);
  }

  public ComputeManagementClient compute(String subscriptionId) {
    return ComputeManager.configure()
        .withHttpClient(http)
        // Our own per-target scheduling handles 429 and 5xx; SDK retries would hold the thread.
        .withRetryOptions(NO_RETRIES)
        .authenticate(credential, profile(subscriptionId))
        .serviceClient();
  }

  /** The user-assigned identities' client of a subscription (reads of refused identities). */
  public ManagedServiceIdentityClient identities(String subscriptionId) {
    return MsiManager.configure()
        .withHttpClient(http)
        .withRetryOptions(NO_RETRIES)
        .authenticate(credential, profile(subscriptionId))
        .serviceClient();
  }

  private AzureProfile profile(String subscriptionId) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", config.armEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", config.authorityHost());
    return new AzureProfile(
        config.tenantId().orElse(null), subscriptionId, new AzureEnvironment(endpoints));
  }

  /**
   * Gets an ARM token and loads the compute models' code, so that the first pod after a start does
   * not wait for them (about 3 s on two cores). Runs in the background; a failure is only logged,
   * early: the same failure would otherwise first show on the first pod.
   *
   * @return whether a token was obtained
   */
  public boolean warmUp() {
    long t0 = System.nanoTime();
    try {
      String arm = config.armEndpoint().replaceAll("/+$", "");
      credential
          .getToken(new TokenRequestContext().addScopes(arm + "/.default"))
          .block(config.requestTimeout());
      // Builds the SDK's clients (most of its code loads here) and opens the connection to ARM
      // (TLS, ALPN); the unauthenticated GET of ARM's root is answered with an error, which is
      // fine: nothing is read or counted.
      compute(PLACEHOLDER_SUBSCRIPTION);
      http.send(new HttpRequest(HttpMethod.GET, config.armEndpoint()))
          .block(config.requestTimeout())
          .close();
      try (JsonReader json =
          JsonProviders.createReader(
              "{\"name\":\"warm-up\",\"etag\":\"\\\"1\\\"\",\"identity\":{\"type\":\"UserAssigned\","
                  + "\"userAssignedIdentities\":{\"/x\":{\"clientId\":\"c\",\"principalId\":\"p\"}}}}")) {
        VirtualMachineScaleSetInner.fromJson(json);
      }
      LOG.infof(
          "Azure client ready (%d ms): ARM token obtained, connection open",
          (System.nanoTime() - t0) / 1_000_000);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "Azure credential not ready at start (%s credential): %s; the first call will retry",
          config.credential(), e.getMessage());
      return false;
    }
  }

  static HttpClient httpClient(AssignerConfig.Cloud config, Vertx vertx) {
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout(10_000)
            // HTTP/2 where ARM offers it (ALPN): a burst of calls on every target at once shares
            // one connection instead of opening and handshaking one each. Over HTTP/1.1 every
            // target may still have a call in flight at once, more than Vert.x's default of 5.
            .setProtocolVersion(HttpVersion.HTTP_2)
            .setUseAlpn(true)
            .setMaxPoolSize(MAX_CONNECTIONS)
            .setIdleTimeout((int) config.requestTimeout().toSeconds());
    config
        .trustPem()
        .ifPresent(pem -> options.setTrustOptions(new PemTrustOptions().addCertPath(pem)));
    return new VertxHttpClientBuilder()
        .vertx(vertx)
        .httpClientOptions(options)
        .responseTimeout(config.requestTimeout())
        .readTimeout(config.requestTimeout())
        .build();
  }

  static TokenCredential credential(AssignerConfig.Cloud config, HttpClient http) {
    return switch (config.credential()) {
      case "client-secret" ->
          new ClientSecretCredentialBuilder()
              .authorityHost(config.authorityHost())
              .tenantId(required(config.tenantId().orElse(null), "assigner.cloud.tenant-id"))
              .clientId(required(config.clientId().orElse(null), "assigner.cloud.client-id"))
              .clientSecret(
                  required(config.clientSecret().orElse(null), "assigner.cloud.client-secret"))
              .disableInstanceDiscovery()
              .httpClient(http)
              .build();
      case "workload-identity" -> {
        var b = new WorkloadIdentityCredentialBuilder().httpClient(http);
        config.clientId().ifPresent(b::clientId);
        config.tenantId().ifPresent(b::tenantId);
        yield b.build();
      }
      case "managed-identity" -> {
        var b = new ManagedIdentityCredentialBuilder().httpClient(http);
        config.clientId().ifPresent(b::clientId);
        yield b.build();
      }
      default ->
          throw new IllegalArgumentException(
              "assigner.cloud.credential must be managed-identity, workload-identity or"
                  + " client-secret, was "
                  + config.credential());
    };
  }

  private static String required(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required for client-secret credentials");
    }
    return value;
  }
}
