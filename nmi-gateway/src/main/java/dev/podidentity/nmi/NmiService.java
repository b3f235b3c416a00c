package dev.podidentity.nmi;

import dev.podidentity.nmi.adapter.iptables.RuleKeeper;
import dev.podidentity.nmi.adapter.kafka.FirstGrantTraces;
import dev.podidentity.nmi.adapter.kafka.KafkaFeedControl;
import dev.podidentity.nmi.adapter.kafka.ViewChannel;
import dev.podidentity.nmi.adapter.kubernetes.KubernetesSecretReader;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.config.NmiConfigCheck;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.SecretReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The service: one {@link NmiNode} on Quarkus's Vert.x, built from validated configuration at start
 * (a bad setting stops the start with a message naming it), plus the iptables rule keeper when
 * enabled.
 */
@ApplicationScoped
public class NmiService {
  private static final Logger LOG = Logger.getLogger(NmiService.class);

  private final Vertx vertx;
  private final NmiConfig config;
  private final MeterRegistry registry;
  private final Instance<KubernetesClient> kubernetes;
  private final KafkaClientService kafka;
  private final FirstGrantTraces grants;
  private volatile NmiNode node;
  private RuleKeeper rules;

  /**
   * {@code kubernetes} is looked up only when service principals are enabled: without them the NMI
   * needs no Kubernetes API access at all.
   */
  public NmiService(
      Vertx vertx,
      NmiConfig config,
      MeterRegistry registry,
      Instance<KubernetesClient> kubernetes,
      KafkaClientService kafka,
      FirstGrantTraces grants) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.kubernetes = kubernetes;
    this.kafka = kafka;
    this.grants = grants;
  }

  /**
   * This node's gateway, built on first use from validated configuration: by the start, or by the
   * view channel if its first records come earlier.
   */
  public synchronized NmiNode node() {
    if (node == null) {
      NmiConfig settings = NmiConfigCheck.check(config);
      SecretReader secrets =
          settings.servicePrincipals().enabled()
              ? new KubernetesSecretReader(vertx, kubernetes.get(), new NmiMetrics(registry))
              : null;
      node =
          new NmiNode(
              vertx,
              settings,
              registry,
              new KafkaFeedControl(kafka, ViewChannel.CHANNEL),
              secrets,
              grants);
    }
    return node;
  }

  void onStart(@Observes StartupEvent event) {
    NmiNode node = node();
    NmiConfig settings = node.settings();
    node.start()
        .toCompletionStage()
        .toCompletableFuture()
        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .join();
    if (settings.iptables().enabled()) {
      rules = RuleKeeper.start(vertx, settings, node.port());
    }
    LOG.infof(
        "NMI started: node=%s namespaced=%s managed=%s imds=%s servicePrincipals=%s",
        settings.nodeName(),
        NmiConfig.policy(settings).namespaced(),
        settings.managed(),
        NmiConfig.imdsUrl(settings),
        settings.servicePrincipals().enabled());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (rules != null) {
      rules.stop();
    }
    if (node != null) {
      node.stop()
          .toCompletionStage()
          .toCompletableFuture()
          .completeOnTimeout(
              null, Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .join();
    }
  }

  /** Ready: view replayed and current, and the iptables rule in place when this NMI keeps one. */
  public boolean ready() {
    return node != null && node.viewReady() && (rules == null || rules.inPlace());
  }

  public String readinessDetail() {
    if (node == null) {
      return "starting";
    }
    if (!node.viewReady()) {
      String problem = node.feed().problem();
      return "authorisation view not replayed or not current"
          + (problem == null ? "" : ": " + problem);
    }
    return rules != null && !rules.inPlace() ? "iptables rule missing" : "ok";
  }
}
