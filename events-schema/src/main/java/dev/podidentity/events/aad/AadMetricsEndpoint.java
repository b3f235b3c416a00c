package dev.podidentity.events.aad;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code GET /metrics} on a listener of its own, where aad-pod-identity served its metrics (its MIC
 * on port 8888, its NMI on 9090), on the application's Vert.x. Like aad's, a port that cannot be
 * bound is logged and the service goes on: metrics never stop assignment or tokens.
 */
public final class AadMetricsEndpoint implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AadMetricsEndpoint.class);
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Nothing listens (port 0). */
  public static final AadMetricsEndpoint OFF = new AadMetricsEndpoint(null);

  private final HttpServer server;

  private AadMetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts listening on {@code host:port}; each scrape answers {@code text.get()}. Port 0 is the
   * setting that turns the listener off: {@link #OFF}.
   */
  public static AadMetricsEndpoint start(
      Vertx vertx, String host, int port, Supplier<String> text) {
    if (port == 0) {
      return OFF;
    }
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
            .requestHandler(req -> answer(req, text));
    server
        .listen()
        .onSuccess(s -> LOG.infof("aad-pod-identity metrics on http://%s:%d/metrics", host, port))
        .onFailure(
            e ->
                LOG.errorf(
                    "aad-pod-identity metrics cannot listen on %s:%d: %s",
                    host, port, e.toString()));
    return new AadMetricsEndpoint(server);
  }

  private static void answer(HttpServerRequest req, Supplier<String> text) {
    if (!"/metrics".equals(req.path())) {
      req.response().setStatusCode(404).end();
    } else if (req.method() != HttpMethod.GET) {
      req.response().setStatusCode(405).putHeader("Allow", "GET").end();
    } else {
      req.response().putHeader("Content-Type", CONTENT_TYPE).end(text.get());
    }
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debugf("closing the aad-pod-identity metrics listener: %s", e);
    }
  }
}
