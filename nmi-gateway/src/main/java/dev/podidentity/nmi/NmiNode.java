package dev.podidentity.nmi;

import dev.podidentity.nmi.adapter.entra.EntraTokenSource;
import dev.podidentity.nmi.adapter.imds.ImdsHttpClient;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.core.View;
import dev.podidentity.nmi.core.ViewState;
import dev.podidentity.nmi.engine.http.Gateway;
import dev.podidentity.nmi.engine.http.RequestLog;
import dev.podidentity.nmi.engine.http.TokenServer;
import dev.podidentity.nmi.engine.token.ByTypeTokenSource;
import dev.podidentity.nmi.engine.token.CredentialCache;
import dev.podidentity.nmi.engine.token.TokenCache;
import dev.podidentity.nmi.engine.view.ViewFeed;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.FeedControl;
import dev.podidentity.nmi.port.FirstGrants;
import dev.podidentity.nmi.port.ImdsProxy;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.TokenSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One node's gateway, assembled from plain parts: the view feed (fed by whoever reads Kafka for it:
 * the application's channel, or a test's consumer), the token cache over IMDS, and the token
 * endpoint on the given Vert.x. The Quarkus service builds one; tests build several (one per
 * simulated node) in one JVM.
 */
public final class NmiNode {
  private static final Logger LOG = Logger.getLogger(NmiNode.class);

  private final Vertx vertx;
  private final NmiConfig settings;
  private final ViewHolder holder;
  private final ViewFeed feed;
  private long confirmTimer = -1;
  private final ImdsHttpClient imds;
  private final EntraTokenSource entra;
  private final NmiMetrics metrics;
  private final Gateway gateway;
  private final RequestLog requestLog;
  private final AtomicInteger connections = new AtomicInteger();
  private String deploymentId;
  private final AtomicInteger port = new AtomicInteger(-1);

  /**
   * {@code feedControl}: the consumer that feeds the view; {@code secrets}: where service
   * principals' Secrets are read, needed when they are enabled.
   */
  public NmiNode(
      Vertx vertx,
      NmiConfig settings,
      MeterRegistry registry,
      FeedControl feedControl,
      SecretReader secrets) {
    this(vertx, settings, registry, feedControl, null, null, secrets, FirstGrants.NONE);
  }

  /** As the service runs it: {@code grants} traces each pod's first token. */
  public NmiNode(
      Vertx vertx,
      NmiConfig settings,
      MeterRegistry registry,
      FeedControl feedControl,
      SecretReader secrets,
      FirstGrants grants) {
    this(vertx, settings, registry, feedControl, null, null, secrets, grants);
  }

  /** With {@code tokens}/{@code proxy} non-null, those replace IMDS (tests use fakes). */
  public NmiNode(
      Vertx vertx,
      NmiConfig settings,
      MeterRegistry registry,
      FeedControl feedControl,
      TokenSource tokens,
      ImdsProxy proxy) {
    this(vertx, settings, registry, feedControl, tokens, proxy, null, FirstGrants.NONE);
  }

  private NmiNode(
      Vertx vertx,
      NmiConfig settings,
      MeterRegistry registry,
      FeedControl feedControl,
      TokenSource tokens,
      ImdsProxy proxy,
      SecretReader secrets,
      FirstGrants grants) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = new NmiMetrics(registry);
    this.holder = new ViewHolder(settings.nodeName());
    this.imds =
        new ImdsHttpClient(
            vertx,
            NmiConfig.imdsUrl(settings),
            settings.imds().apiVersion(),
            settings.imds().connectTimeout(),
            settings.imds().requestTimeout(),
            settings.imds().maxInFlight(),
            settings.imds().maxPerSecond(),
            NmiConfig.retryPolicy(settings),
            metrics);
    this.entra = servicePrincipals(vertx, settings, secrets, metrics);
    TokenCache cache =
        new TokenCache(
            tokens != null ? tokens : new ByTypeTokenSource(imds, entra),
            settings.cache().refreshMargin().toSeconds(),
            settings.cache().maxEntries(),
            System::currentTimeMillis,
            metrics);
    this.requestLog = RequestLog.toStandardOutput(Infrastructure.getDefaultExecutor());
    this.gateway =
        new Gateway(
            vertx,
            settings,
            holder,
            cache,
            proxy != null ? proxy : imds,
            metrics,
            requestLog,
            grants);
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

  private static EntraTokenSource servicePrincipals(
      Vertx vertx, NmiConfig settings, SecretReader secrets, NmiMetrics metrics) {
    NmiConfig.ServicePrincipals sp = settings.servicePrincipals();
    if (!sp.enabled()) {
      return null;
    }
    if (secrets == null) {
      throw new IllegalArgumentException(
          "service principals are enabled but no Kubernetes client reads their Secrets");
    }
    return new EntraTokenSource(
        vertx,
        new CredentialCache(secrets, sp.secretCache().toMillis(), System::currentTimeMillis),
        NmiConfig.defaultAuthority(sp),
        sp.connectTimeout(),
        sp.requestTimeout(),
        sp.trustPem().filter(p -> !p.isBlank()).orElse(null),
        NmiConfig.retryPolicy(settings),
        metrics);
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
        vertx.setPeriodic(
            settings.kafka().confirmInterval().toMillis(),
            id -> feed.confirm().subscribe().with(ok -> {}, error -> {}));
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
    Future<Void> undeploy =
        deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    return undeploy.onComplete(
        ar -> {
          requestLog.close();
          imds.close();
          if (entra != null) {
            entra.close();
          }
        });
  }

  /** The port the endpoint listens on (the configured one, or the one picked for port 0). */
  public int port() {
    return port.get();
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
    View v = holder.current();
    return v.replayed()
        && System.currentTimeMillis() - v.confirmedAtMillis()
            <= settings.waits().staleAfter().toMillis();
  }

  public NmiConfig settings() {
    return settings;
  }

  private static double viewAgeSeconds(View v) {
    return v.replayed() ? (System.currentTimeMillis() - v.confirmedAtMillis()) / 1000.0 : -1;
  }
}
