package dev.podidentity.nmi;

import dev.podidentity.nmi.adapter.iptables.RuleKeeper;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.engine.NmiNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The service: starts this node's gateway (see {@link NmiWiring}) once the application starts, and
 * the iptables rule keeper when enabled; stops both on shutdown.
 */
@ApplicationScoped
public class NmiService {
  private static final Logger LOG = Logger.getLogger(NmiService.class);

  private final Vertx vertx;
  private final NmiNode node;
  private RuleKeeper rules;

  public NmiService(Vertx vertx, NmiNode node) {
    this.vertx = vertx;
    this.node = node;
  }

  /** This node's gateway. */
  public NmiNode node() {
    return node;
  }

  void onStart(@Observes StartupEvent event) {
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
    node.stop()
        .toCompletionStage()
        .toCompletableFuture()
        .completeOnTimeout(
            null, Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .join();
  }

  /** Ready: view replayed and current, and the iptables rule in place when this NMI keeps one. */
  public boolean ready() {
    return node.viewReady() && (rules == null || rules.inPlace());
  }

  public String readinessDetail() {
    if (!node.viewReady()) {
      String problem = node.feed().problem();
      return "authorisation view not replayed or not current"
          + (problem == null ? "" : ": " + problem);
    }
    return rules != null && !rules.inPlace() ? "iptables rule missing" : "ok";
  }
}
