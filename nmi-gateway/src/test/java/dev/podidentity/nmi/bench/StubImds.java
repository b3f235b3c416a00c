package dev.podidentity.nmi.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An IMDS that answers every token request after a fixed delay and remembers, per resource, how
 * long it took to answer (from the request's arrival to handing the answer over): the part of a
 * cold token request that is IMDS's, so the rest is the NMI's own.
 */
final class StubImds implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final long delayMillis;
  private final Map<String, Long> answerMicros = new ConcurrentHashMap<>();
  private final HttpServer server;

  StubImds(long delayMillis) throws Exception {
    this.delayMillis = delayMillis;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(this::answer)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** IMDS's own answer time for {@code resource} in microseconds, or null if it was not asked. */
  Long answerMicros(String resource) {
    return answerMicros.get(resource);
  }

  private void answer(HttpServerRequest req) {
    long arrived = System.nanoTime();
    String resource = req.getParam("resource");
    vertx.setTimer(
        delayMillis,
        t -> {
          long now = System.currentTimeMillis() / 1000;
          String body =
              "{\"access_token\":\"stub."
                  + Integer.toHexString(resource.hashCode())
                  + "\",\"expires_in\":\"3600\",\"expires_on\":\""
                  + (now + 3600)
                  + "\",\"not_before\":\""
                  + now
                  + "\",\"resource\":\""
                  + resource
                  + "\",\"token_type\":\"Bearer\"}";
          answerMicros.put(resource, (System.nanoTime() - arrived) / 1000);
          req.response().putHeader("Content-Type", "application/json").end(body);
        });
  }

  @Override
  public void close() {
    vertx.close();
  }
}
