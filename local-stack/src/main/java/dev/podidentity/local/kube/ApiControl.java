package dev.podidentity.local.kube;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Restarts the API as kube-apiserver restarts while etcd keeps the data: {@code POST /stop} closes
 * the {@link ApiFront} (no listener, every open connection and watch dropped), {@code POST /start}
 * listens again on the same port. The store stays up, so nothing is lost and a client that writes
 * to the store meanwhile plays another API server of a highly available control plane. Listens on
 * 127.0.0.1 only, on a port of its own, so a client of the API cannot reach it.
 */
final class ApiControl {
  private final Vertx vertx;
  private final ApiFront front;
  private final int frontPort;
  private HttpServer server;

  ApiControl(Vertx vertx, ApiFront front, int frontPort) {
    this.vertx = vertx;
    this.front = front;
    this.frontPort = frontPort;
  }

  /** Listens on a free loopback port; answers it. */
  Future<Integer> listen() {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(0, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    if (!"POST".equals(req.method().name())) {
      ApiFront.json(req.response(), 405, "{\"error\":\"POST /stop or /start\"}");
      return;
    }
    Future<?> done =
        switch (req.path()) {
          case "/stop" -> front.close();
          case "/start" -> front.reopen(frontPort);
          default -> null;
        };
    if (done == null) {
      ApiFront.json(req.response(), 404, "{\"error\":\"POST /stop or /start\"}");
      return;
    }
    done.onSuccess(v -> ApiFront.json(req.response(), 200, "{}"))
        .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e.getMessage())));
  }
}
