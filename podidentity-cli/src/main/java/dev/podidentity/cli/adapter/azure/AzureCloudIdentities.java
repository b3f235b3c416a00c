package dev.podidentity.cli.adapter.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.ManagedServiceIdentityClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.microsoft.aad.msal4j.MsalException;
import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.core.FederatedCredential;
import dev.podidentity.cli.port.CloudIdentities;
import dev.podidentity.events.ComputeTarget;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link CloudIdentities} through the Azure SDK (the services' compute and managed-identity
 * clients; the federated credentials are the msi client's {@code federatedIdentityCredentials}) on
 * Quarkus's Vert.x. Nothing is built until a command calls ARM, so the other commands start as fast
 * as before. The credential is a client secret when one is configured, otherwise the SDK's default
 * chain (environment, workload identity, managed identity, Azure CLI login).
 */
@ApplicationScoped
public class AzureCloudIdentities implements CloudIdentities {
  private static final String PUBLIC_AUTHORITY = "https://login.microsoftonline.com/";

  private final CliConfig.Azure config;
  private final Vertx vertx;
  private final Map<String, ComputeManagementClient> compute = new HashMap<>();
  private final Map<String, ManagedServiceIdentityClient> msi = new HashMap<>();
  private HttpClient http;
  private TokenCredential credential;

  @Inject
  AzureCloudIdentities(CliConfig config, Vertx vertx) {
    this(config.azure(), vertx);
  }

  /** With explicit settings (tests, other tools). */
  public AzureCloudIdentities(CliConfig.Azure config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
  }

  @Override
  public IdentityIds idsOf(String resourceId) {
    ResourceId id = ResourceId.fromString(resourceId);
    return call(
        () -> {
          var identity =
              msi(id.subscriptionId())
                  .getUserAssignedIdentities()
                  .getByResourceGroupAsync(id.resourceGroupName(), id.name())
                  .block(config.requestTimeout());
          return new IdentityIds(
              String.valueOf(identity.clientId()),
              identity.tenantId() == null ? null : identity.tenantId().toString());
        });
  }

  @Override
  public Set<String> identitiesOf(ComputeTarget t) {
    return call(
        () -> {
          ComputeManagementClient c = compute(t.subscriptionId());
          Map<String, ?> users =
              t.kind() == ComputeTarget.Kind.SCALE_SET
                  ? users(
                      c.getVirtualMachineScaleSets()
                          .getByResourceGroupAsync(t.resourceGroup(), t.name())
                          .block(config.requestTimeout())
                          .identity(),
                      VirtualMachineScaleSetIdentity::userAssignedIdentities)
                  : users(
                      c.getVirtualMachines()
                          .getByResourceGroupAsync(t.resourceGroup(), t.name())
                          .block(config.requestTimeout())
                          .identity(),
                      VirtualMachineIdentity::userAssignedIdentities);
          Set<String> ids = new TreeSet<>();
          users.keySet().forEach(k -> ids.add(k.toLowerCase(Locale.ROOT)));
          return ids;
        });
  }

  @Override
  public List<FederatedCredential> federatedCredentialsOf(String resourceId) {
    ResourceId id = ResourceId.fromString(resourceId);
    return call(
        () ->
            msi(id.subscriptionId())
                .getFederatedIdentityCredentials()
                .listAsync(id.resourceGroupName(), id.name())
                .map(c -> new FederatedCredential(c.name(), c.issuer(), c.subject(), c.audiences()))
                .collectList()
                .block(config.requestTimeout()));
  }

  @Override
  public void putFederatedCredential(String resourceId, FederatedCredential credential) {
    ResourceId id = ResourceId.fromString(resourceId);
    call(
        () ->
            msi(id.subscriptionId())
                .getFederatedIdentityCredentials()
                .createOrUpdateAsync(
                    id.resourceGroupName(),
                    id.name(),
                    credential.name(),
                    new FederatedIdentityCredentialInner()
                        .withIssuer(credential.issuer())
                        .withSubject(credential.subject())
                        .withAudiences(credential.audiences()))
                .block(config.requestTimeout()));
  }

  /** The user-assigned identities of a scale set's or VM's identity block (none without one). */
  private static <I> Map<String, ?> users(I identity, Function<I, Map<String, ?>> users) {
    Map<String, ?> m = identity == null ? null : users.apply(identity);
    return m == null ? Map.of() : m;
  }

  /**
   * Runs one ARM call: no token, or ARM refusing the caller (401, 403), is {@link Unavailable}, the
   * error that says the user cannot read Azure; anything else is ARM's answer in one line.
   */
  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (ClientAuthenticationException | MsalException e) {
      // No token: the credential chain found nothing, or the authority refused what it found.
      throw new Unavailable(firstLine(e.getMessage()), e);
    } catch (ManagementException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      String what =
          e.getValue() == null
              ? firstLine(e.getMessage())
              : e.getValue().getCode() + ": " + firstLine(e.getValue().getMessage());
      if (status == 401 || status == 403) {
        throw new Unavailable("ARM answered " + status + " " + what, e);
      }
      throw new IllegalStateException("ARM answered " + status + " " + what, e);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.strip().split("\\R", 2)[0];
    return line.length() > 240 ? line.substring(0, 240) + "..." : line;
  }

  private synchronized ComputeManagementClient compute(String subscription) {
    return compute.computeIfAbsent(
        subscription,
        s ->
            configured(ComputeManager.configure())
                .authenticate(credential(), profile(s))
                .serviceClient());
  }

  private synchronized ManagedServiceIdentityClient msi(String subscription) {
    return msi.computeIfAbsent(
        subscription,
        s ->
            configured(MsiManager.configure())
                .authenticate(credential(), profile(s))
                .serviceClient());
  }

  /** Every manager on the one HTTP client, with the command's retries. */
  private <C extends AzureConfigurable<C>> C configured(C managerConfiguration) {
    return managerConfiguration.withHttpClient(http()).withRetryOptions(retries());
  }

  /** One retry after a second: a command answers in seconds or says why not. */
  private static RetryOptions retries() {
    return new RetryOptions(new FixedDelayOptions(1, Duration.ofSeconds(1)));
  }

  private AzureProfile profile(String subscription) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", config.armEndpoint());
    endpoints.put("activeDirectoryEndpointUrl", config.authorityHost());
    return new AzureProfile(
        config.tenantId().orElse(null), subscription, new AzureEnvironment(endpoints));
  }

  private synchronized HttpClient http() {
    if (http == null) {
      HttpClientOptions options = new HttpClientOptions().setConnectTimeout(10_000);
      config
          .trustPem()
          .ifPresent(pem -> options.setTrustOptions(new PemTrustOptions().addCertPath(pem)));
      http =
          new VertxHttpClientBuilder()
              .vertx(vertx)
              .httpClientOptions(options)
              .responseTimeout(config.requestTimeout())
              .readTimeout(config.requestTimeout())
              .build();
    }
    return http;
  }

  private synchronized TokenCredential credential() {
    if (credential == null) {
      credential = config.clientSecret().isPresent() ? clientSecret() : defaultChain();
    }
    return credential;
  }

  private TokenCredential clientSecret() {
    return new ClientSecretCredentialBuilder()
        .authorityHost(config.authorityHost())
        .tenantId(required(config.tenantId().orElse(null), "tenant-id"))
        .clientId(required(config.clientId().orElse(null), "client-id"))
        .clientSecret(config.clientSecret().get())
        .disableInstanceDiscovery()
        .httpClient(http())
        .build();
  }

  private TokenCredential defaultChain() {
    var b =
        new DefaultAzureCredentialBuilder()
            .authorityHost(config.authorityHost())
            .httpClient(http());
    config.tenantId().ifPresent(b::tenantId);
    config.clientId().ifPresent(id -> b.managedIdentityClientId(id).workloadIdentityClientId(id));
    if (!PUBLIC_AUTHORITY.equals(config.authorityHost())) {
      // A private authority (a sovereign cloud, a simulator) is not in the public discovery list.
      b.disableInstanceDiscovery();
    }
    return b.build();
  }

  private static String required(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "podidentity.azure."
              + key
              + " (PODIDENTITY_AZURE_"
              + key.toUpperCase(Locale.ROOT).replace('-', '_')
              + ") is required with a client secret");
    }
    return value;
  }
}
