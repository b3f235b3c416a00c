package dev.podidentity.nmi.engine;

import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.View;
import dev.podidentity.events.authorization.ViewState;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.config.PrefetchConfig;
import dev.podidentity.nmi.engine.http.Gateway;
import dev.podidentity.nmi.engine.http.HitSummary;
import dev.podidentity.nmi.engine.http.RequestLog;
import dev.podidentity.nmi.engine.http.TokenServer;
import dev.podidentity.nmi.engine.token.Prefetch;
import dev.podidentity.nmi.engine.token.TokenCache;
import dev.podidentity.nmi.engine.view.Confirmations;
import dev.podidentity.nmi.engine.view.ViewFeed;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.FeedControl;
import dev.podidentity.nmi.port.FirstGrants;
import dev.podidentity.nmi.port.ImdsProxy;
import dev.podidentity.nmi.port.TokenSource;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One node's gateway, composed from its ports: the view feed (fed by whoever reads Kafka for it:
 * the application's channel, or a test's consumer), the token cache over the token source, and the
 * token endpoint on the given Vert.x. The application gets one from its CDI wiring; tests build
 * several (one per simulated node) in one JVM with this constructor.
 */
public final class NmiNode {
  private static final Logger LOG = Logger.getLogger(NmiNode.class);

  private final Vertx vertx;
  private final NmiConfig settings;
  private final ViewHolder holder;
  private final ViewFeed feed;
  private long confirmTimer = -1;
  private long prefetchTimer = -1;
  private final Prefetch prefetch;
  private final Gateway gateway;
  private final RequestLog requestLog;
  private final HitSummary hits;
  private final AtomicInteger connections = new AtomicInteger();
  private String deploymentId;
  private final AtomicInteger port = new AtomicInteger(-1);

  /**
   * @param settings checked configuration ({@code NmiConfigCheck})
   * @param feedControl the consumer that feeds the view
   * @param tokens where tokens come from (IMDS, Entra), by identity type
   * @param imds where other instance-metadata requests are forwarded
   * @param grants traces each pod's first token
   */
  public NmiNode(
      Vertx vertx,
      NmiConfig settings,
      NmiMetrics metrics,
      FeedControl feedControl,
      TokenSource tokens,
      ImdsProxy imds,
      FirstGrants grants) {
    this.vertx = vertx;
    this.settings = settings;
    this.holder = new ViewHolder(settings.nodeName());
    PrefetchConfig ahead = settings.prefetch();
    TokenCache cache =
        new TokenCache(
            tokens,
            settings.cache().refreshMargin().toSeconds(),
            settings.cache().maxEntries(),
            System::currentTimeMillis,
            metrics,
            ahead.enabled() ? ahead.recentFor() : Duration.ZERO);
    this.prefetch =
        ahead.enabled()
            ? new Prefetch(
                holder,
                cache,
                ahead,
                NmiConfig.policy(settings),
                settings.imds().budget().toMillis(),
                // Fetched again with a refresh margin (or two passes) of life left before the
                // cache would drop it: time for retries before a pod would miss.
                Math.max(
                    settings.cache().refreshMargin().toMillis(), 2 * ahead.interval().toMillis()),
                System::currentTimeMillis,
                Infrastructure.getDefaultWorkerPool(),
                metrics)
            : null;
    this.requestLog = RequestLog.toStandardOutput(Infrastructure.getDefaultExecutor());
    this.hits =
        new HitSummary(
            requestLog,
            settings.requestLog().hitInterval(),
            settings.requestLog().hitKeys(),
            Infrastructure.getDefaultExecutor());
    this.gateway =
        new Gateway(vertx, settings, holder, cache, imds, metrics, requestLog, hits, grants);
    this.feed =
        new ViewFeed(
            new ViewState(settings.nodeName()), holder, feedControl, metrics::deadLettered);
    metrics.viewAge(holder, h -> viewAgeSeconds(h.current()));
    metrics.gauge(
        "podidentity.nmi.connections", "open token endpoint connections", connections::get);
    metrics.counter(
        "podidentity.nmi.request.log.lines", "request log lines written", requestLog::lines);
    metrics.counter(
        "podidentity.nmi.request.log.dropped",
        "request log lines dropped because standard output did not keep up",
        requestLog::dropped);
  }

  /**
   * Starts reading the view (its own partition from the beginning, then confirming it current every
   * {@code confirm-interval}) and the endpoint; completes once the endpoint listens.
   */
  public Future<Void> start() {
    feed.start()
        .onFailure()
        .invoke(
            e -> LOG.warnf("the view of node %s cannot be read yet: %s", settings.nodeName(), e))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .indefinitely()
        .subscribe()
        .with(
            ok -> LOG.infof("NMI for node %s reads its view", settings.nodeName()),
            error -> LOG.errorf(error, "the view of node %s cannot be read", settings.nodeName()));
    confirmTimer =
        Confirmations.every(vertx, settings.kafka().confirmInterval().toMillis(), feed::confirm);
    if (prefetch != null) {
      prefetch.start();
      prefetchTimer =
          vertx.setPeriodic(
              settings.prefetch().interval().toMillis(), id -> prefetch.requestFull());
    }
    int instances = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    return vertx
        .deployVerticle(
            () -> new TokenServer(gateway, connections, port),
            new DeploymentOptions().setInstances(instances))
        .map(
            id -> {
              deploymentId = id;
              return null;
            })
        .<Void>mapEmpty()
        .onSuccess(
            v ->
                LOG.infof(
                    "NMI for node %s listening on %s:%d",
                    settings.nodeName(), settings.server().host(), settings.server().port()));
  }

  public Future<Void> stop() {
    if (confirmTimer >= 0) {
      vertx.cancelTimer(confirmTimer);
    }
    if (prefetchTimer >= 0) {
      vertx.cancelTimer(prefetchTimer);
      prefetch.close();
    }
    Future<Void> undeploy =
        deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    return undeploy.onComplete(
        ar -> {
          hits.close();
          requestLog.close();
        });
  }

  /** The port the endpoint listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return port.get();
  }

  /** The summed granted cache hits of the request log. */
  public HitSummary hits() {
    return hits;
  }

  /** The per-request log (its line counts). */
  public RequestLog requestLog() {
    return requestLog;
  }

  public ViewHolder view() {
    return holder;
  }

  /** The view's reader: whoever reads Kafka for this node hands it the records. */
  public ViewFeed feed() {
    return feed;
  }

  /** Ready: the view has been replayed and is current. */
  public boolean viewReady() {
    return Authorizer.staleness(
            holder.current(), NmiConfig.policy(settings), System.currentTimeMillis())
        == null;
  }

  public NmiConfig settings() {
    return settings;
  }

  private static double viewAgeSeconds(View v) {
    return v.replayed() ? (System.currentTimeMillis() - v.confirmedAtMillis()) / 1000.0 : -1;
  }
}
