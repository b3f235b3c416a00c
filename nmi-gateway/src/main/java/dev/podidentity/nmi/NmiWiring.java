package dev.podidentity.nmi;

import dev.podidentity.events.aad.AadMetricsEndpoint;
import dev.podidentity.nmi.adapter.entra.EntraTokenSource;
import dev.podidentity.nmi.adapter.entra.FederatedTokenSource;
import dev.podidentity.nmi.adapter.imds.ImdsHttpClient;
import dev.podidentity.nmi.adapter.kafka.FirstGrantTraces;
import dev.podidentity.nmi.adapter.kafka.KafkaFeedControl;
import dev.podidentity.nmi.adapter.kafka.ViewChannel;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesSecretReader;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesServiceAccountTokens;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.config.NmiConfigCheck;
import dev.podidentity.nmi.config.ServicePrincipalsConfig;
import dev.podidentity.nmi.engine.NmiNode;
import dev.podidentity.nmi.engine.token.ByTypeTokenSource;
import dev.podidentity.nmi.engine.token.CredentialCache;
import dev.podidentity.nmi.metrics.AadMetrics;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.ServiceAccountTokens;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The NMI's one wiring place: each part is produced from the configuration and the parts it needs,
 * and closed by the container. The node is built on first use: by the view channel if its first
 * records come before the application's start event, or by that event. Tests build their nodes from
 * the same producers, called on an instance of their own.
 */
@Singleton
public class NmiWiring {
  @Inject NmiConfig config;

  /**
   * A bad setting stops the start with its key named, before any part is built from it: the
   * container makes this instance, and so runs this, before it calls any of its producers.
   */
  @PostConstruct
  void check() {
    NmiConfigCheck.check(config);
  }

  /** aad-pod-identity's metrics: recorded only when their listener is on. */
  @Produces
  @Singleton
  AadMetrics aadMetrics(NmiConfig settings) {
    return settings.aadMetrics().port() == 0 ? AadMetrics.off() : AadMetrics.create();
  }

  /** Their listener, started with the application (not on first use: nothing injects it). */
  @Produces
  @Singleton
  @Startup
  AadMetricsEndpoint aadMetricsEndpoint(NmiConfig settings, Vertx vertx, AadMetrics aad) {
    NmiConfig.AadListener listener = settings.aadMetrics();
    return AadMetricsEndpoint.start(vertx, listener.host(), listener.port(), aad::scrape);
  }

  void close(@Disposes AadMetricsEndpoint endpoint) {
    endpoint.close();
  }

  @Produces
  @Singleton
  NmiMetrics metrics(MeterRegistry registry, AadMetrics aad) {
    return new NmiMetrics(registry, aad);
  }

  /** Typed as itself: it is a token source and a proxy, and the node gets it as both. */
  @Produces
  @Singleton
  @Typed(ImdsHttpClient.class)
  public ImdsHttpClient imds(Vertx vertx, NmiConfig settings, NmiMetrics metrics) {
    return new ImdsHttpClient(
        vertx,
        NmiConfig.imdsUrl(settings),
        settings.imds().apiVersion(),
        settings.imds().connectTimeout(),
        settings.imds().requestTimeout(),
        settings.imds().maxInFlight(),
        settings.imds().maxPerSecond(),
        NmiConfig.retryPolicy(settings),
        metrics);
  }

  void close(@Disposes ImdsHttpClient imds) {
    imds.close();
  }

  /**
   * Kubernetes is looked up only when service principals or federated identities are enabled:
   * without them the NMI needs no Kubernetes API access at all.
   */
  @Produces
  @Singleton
  Optional<SecretReader> secrets(
      NmiConfig settings, Vertx vertx, Instance<KubernetesClient> kubernetes, NmiMetrics metrics) {
    return settings.servicePrincipals().enabled()
        ? Optional.of(new KubernetesSecretReader(vertx, kubernetes.get(), metrics))
        : Optional.empty();
  }

  /** Service-account tokens of federated identities' pods; empty when those are disabled. */
  @Produces
  @Singleton
  Optional<ServiceAccountTokens> serviceAccountTokens(
      NmiConfig settings, Vertx vertx, Instance<KubernetesClient> kubernetes, NmiMetrics metrics) {
    return settings.federation().enabled()
        ? Optional.of(new KubernetesServiceAccountTokens(vertx, kubernetes.get(), metrics))
        : Optional.empty();
  }

  /**
   * Entra, for service principals' and federated identities' tokens; empty when both are disabled
   * on this node. Without service principals it has no Secrets to read.
   */
  @Produces
  @Singleton
  public Optional<EntraTokenSource> servicePrincipals(
      Vertx vertx, NmiConfig settings, Optional<SecretReader> secrets, NmiMetrics metrics) {
    ServicePrincipalsConfig sp = settings.servicePrincipals();
    if (!sp.enabled() && !settings.federation().enabled()) {
      return Optional.empty();
    }
    if (sp.enabled() && secrets.isEmpty()) {
      throw new IllegalArgumentException(
          "service principals are enabled but no Kubernetes client reads their Secrets");
    }
    return Optional.of(
        new EntraTokenSource(
            vertx,
            secrets
                .map(
                    reader ->
                        new CredentialCache(
                            reader, sp.secretCache().toMillis(), System::currentTimeMillis))
                .orElse(null),
            NmiConfig.defaultAuthority(sp),
            sp.connectTimeout(),
            sp.requestTimeout(),
            sp.trustPem().filter(p -> !p.isBlank()).orElse(null),
            NmiConfig.retryPolicy(settings),
            metrics));
  }

  void close(@Disposes Optional<EntraTokenSource> servicePrincipals) {
    servicePrincipals.ifPresent(EntraTokenSource::close);
  }

  @Produces
  @Singleton
  NmiNode node(
      Vertx vertx,
      NmiConfig settings,
      NmiMetrics metrics,
      KafkaClientService kafka,
      ImdsHttpClient imds,
      Optional<EntraTokenSource> servicePrincipals,
      Optional<ServiceAccountTokens> serviceAccounts,
      FirstGrantTraces grants) {
    return new NmiNode(
        vertx,
        settings,
        metrics,
        new KafkaFeedControl(kafka, ViewChannel.CHANNEL),
        tokenSources(settings, imds, servicePrincipals, serviceAccounts),
        imds,
        // The bean itself, not its client proxy: every granted request calls it, and the proxy
        // looked the bean up in its context each time.
        ClientProxy.unwrap(grants));
  }

  /** Each kind of identity to its source; a kind disabled on this node has none (a 403). */
  public static ByTypeTokenSource tokenSources(
      NmiConfig settings,
      ImdsHttpClient imds,
      Optional<EntraTokenSource> entra,
      Optional<ServiceAccountTokens> serviceAccounts) {
    EntraTokenSource servicePrincipals =
        settings.servicePrincipals().enabled() ? entra.orElse(null) : null;
    FederatedTokenSource federated =
        settings.federation().enabled() && entra.isPresent() && serviceAccounts.isPresent()
            ? new FederatedTokenSource(
                serviceAccounts.get(),
                entra.get()::exchange,
                NmiConfig.defaultAuthority(settings.servicePrincipals()),
                settings.federation().tenantId().map(String::trim).orElse(null),
                settings.federation().tokenExpiration().toSeconds())
            : null;
    return new ByTypeTokenSource(imds, servicePrincipals, federated);
  }
}
