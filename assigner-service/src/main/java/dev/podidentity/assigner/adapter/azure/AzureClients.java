package dev.podidentity.assigner.adapter.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import dev.podidentity.assigner.config.AssignerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds the SDK's compute client from configuration, on Quarkus's Vert.x. */
public final class AzureClients {
  static final int MAX_CONNECTIONS = 64;

  private AzureClients() {}

  public static ComputeManagementClient compute(
      AssignerConfig.Cloud config, String subscriptionId, Vertx vertx) {
    HttpClient http = httpClient(config, vertx);
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", config.armEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", config.authorityHost());
    AzureProfile profile =
        new AzureProfile(
            config.tenantId().orElse(null), subscriptionId, new AzureEnvironment(endpoints));
    return ComputeManager.configure()
        .withHttpClient(http)
        // Our own per-target scheduling handles 429 and 5xx; SDK retries would hold the thread.
        .withRetryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
        .authenticate(credential(config, http), profile)
        .serviceClient();
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
