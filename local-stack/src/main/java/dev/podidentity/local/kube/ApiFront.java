package dev.podidentity.local.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The local stack's Kubernetes API as kubectl sees it: a Vert.x server in front of the mock store.
 * It answers what the store cannot (discovery, an OpenAPI "not found" kubectl accepts, watches as
 * HTTP streams, strategic-merge patches, service-account tokens and the issuer's documents through
 * {@link ServiceAccountRoutes}) and passes everything else through unchanged.
 *
 * <ul>
 *   <li>A watch over plain HTTP ({@code kubectl get -w}) is bridged to the store's WebSocket watch,
 *       one JSON event per line; events of objects not changed since the requested {@code
 *       resourceVersion} are dropped, because the store replays every object as ADDED.
 *   <li>A strategic-merge patch ({@code kubectl apply} to an existing Pod) is passed on as a JSON
 *       merge patch: the store knows no other. Lists are then replaced rather than merged by key,
 *       which is what the local stack's objects need.
 *   <li>It can be stopped and started again ({@link ApiControl}): as a restarted kube-apiserver
 *       whose watch cache begins at the store's current version, it then answers a watch resumed
 *       from a resourceVersion before the restart with a 410 Gone event, so informers list again
 *       and see what changed while it was down (deletions included: the store's replay cannot show
 *       them).
 * </ul>
 */
final class ApiFront {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "transfer-encoding", "keep-alive", "upgrade", "host");
  private static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"the server could not find the requested resource\","
          + "\"reason\":\"NotFound\",\"code\":404}";

  private static final String OPENAPI_V2_PROTOBUF =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private final Vertx vertx;
  private final Discovery discovery;
  private final ServiceAccountRoutes serviceAccounts;
  private final HttpClient store;
  private final WebSocketClient storeWatches;
  private final String storeHost;
  private final int storePort;
  private final LongSupplier storeVersion;
  private final WatchExpiry expiry = new WatchExpiry();
  private volatile HttpServer server;

  ApiFront(
      Vertx vertx,
      Discovery discovery,
      ServiceAccountRoutes serviceAccounts,
      String storeHost,
      int storePort,
      LongSupplier storeVersion) {
    this.vertx = vertx;
    this.storeVersion = storeVersion;
    this.discovery = discovery;
    this.serviceAccounts = serviceAccounts;
    this.storeHost = storeHost;
    this.storePort = storePort;
    this.store =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(storeHost)
                .setDefaultPort(storePort)
                .setMaxPoolSize(32));
    this.storeWatches = vertx.createWebSocketClient();
  }

  /** Listens on loopback; the port actually bound (0 picks a free one). */
  Future<Integer> listen(int port) {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(port, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  /** Stops listening and closes every open connection, watches included. */
  Future<Void> close() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  /** Listens again on {@code port} after {@link #close}; older watches must list again. */
  Future<Integer> reopen(int port) {
    expiry.restartedAt(storeVersion.getAsLong());
    return listen(port);
  }

  private void handle(HttpServerRequest req) {
    if (serviceAccounts.handles(req)) {
      return;
    }
    String path = req.path();
    if ("GET".equals(req.method().name())) {
      var document = discovery.document(path);
      if (document.isPresent()) {
        json(req.response(), 200, document.get());
        return;
      }
      if (path.equals("/openapi/v2")) {
        // An OpenAPI v2 document without definitions (the empty protobuf message): kubectl finds
        // no schema for any kind, so it validates nothing client-side instead of refusing to send.
        req.response()
            .setStatusCode(200)
            .putHeader(HttpHeaders.CONTENT_TYPE, OPENAPI_V2_PROTOBUF)
            .end();
        return;
      }
      if (path.startsWith("/openapi/")) {
        json(req.response(), 404, NOT_FOUND);
        return;
      }
    }
    if (!discovery.servesSubresourceOf(path)) {
      json(req.response(), 404, NOT_FOUND);
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE));
    boolean watch = upgrade || "true".equals(req.getParam("watch"));
    if (watch && expiry.expired(number(req.getParam("resourceVersion")))) {
      WatchExpiry.gone(req, upgrade);
    } else if (upgrade) {
      proxyWebSocket(req);
    } else if ("true".equals(req.getParam("watch"))) {
      streamWatch(req);
    } else {
      proxy(req);
    }
  }

  private void proxy(HttpServerRequest req) {
    req.pause();
    RequestOptions options = new RequestOptions().setMethod(req.method()).setURI(req.uri());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    req.headers()
        .forEach(
            h -> {
              if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                headers.add(h.getKey(), h.getValue());
              }
            });
    String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && contentType.contains("strategic-merge-patch")) {
      headers.set(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json");
    }
    options.setHeaders(headers);
    HttpServerResponse resp = req.response();
    store
        .request(options)
        .compose(out -> out.send(req))
        .onSuccess(
            in -> {
              resp.setStatusCode(in.statusCode());
              in.headers()
                  .forEach(
                      h -> {
                        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                          resp.headers().add(h.getKey(), h.getValue());
                        }
                      });
              if (!resp.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                resp.setChunked(true);
              }
              in.pipeTo(resp);
            })
        .onFailure(e -> unavailable(resp, e));
  }

  private void streamWatch(HttpServerRequest req) {
    long since = number(req.getParam("resourceVersion"));
    HttpServerResponse resp = req.response();
    storeWatches
        .connect(watchOptions(req))
        .onSuccess(
            ws -> {
              resp.setStatusCode(200)
                  .setChunked(true)
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
              resp.write("");
              ws.textMessageHandler(
                  event -> {
                    if (!replayedUnchanged(event, since)) {
                      resp.write(event.endsWith("\n") ? event : event + "\n");
                    }
                  });
              ws.closeHandler(v -> endQuietly(resp));
              resp.closeHandler(v -> ws.close());
              long timeout = number(req.getParam("timeoutSeconds"));
              if (timeout > 0) {
                vertx.setTimer(timeout * 1000, id -> ws.close());
              }
            })
        .onFailure(e -> unavailable(resp, e));
  }

  private void proxyWebSocket(HttpServerRequest req) {
    req.pause();
    storeWatches
        .connect(watchOptions(req))
        .onSuccess(
            upstream ->
                req.toWebSocket()
                    .onSuccess(
                        client -> {
                          pipe(upstream, client);
                          req.resume();
                        })
                    .onFailure(e -> upstream.close()))
        .onFailure(e -> unavailable(req.response(), e));
  }

  private static void pipe(WebSocket upstream, io.vertx.core.http.ServerWebSocket client) {
    upstream.textMessageHandler(client::writeTextMessage);
    upstream.binaryMessageHandler(client::writeBinaryMessage);
    client.textMessageHandler(upstream::writeTextMessage);
    client.binaryMessageHandler(upstream::writeBinaryMessage);
    upstream.closeHandler(v -> client.close());
    client.closeHandler(v -> upstream.close());
  }

  private WebSocketConnectOptions watchOptions(HttpServerRequest req) {
    return new WebSocketConnectOptions().setHost(storeHost).setPort(storePort).setURI(req.uri());
  }

  /** True for an ADDED event of an object whose resourceVersion is not after the requested one. */
  static boolean replayedUnchanged(String event, long since) {
    if (since <= 0) {
      return false;
    }
    try {
      JsonNode node = JSON.readTree(event);
      if (!"ADDED".equals(node.path("type").asText())) {
        return false;
      }
      long version =
          number(node.path("object").path("metadata").path("resourceVersion").asText(""));
      return version > 0 && version <= since;
    } catch (Exception e) {
      return false;
    }
  }

  /** A query parameter or resourceVersion as a number; 0 when absent or not a number. */
  private static long number(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static void json(HttpServerResponse resp, int status, String body) {
    resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  static void unavailable(HttpServerResponse resp, Throwable e) {
    if (!resp.headWritten()) {
      json(
          resp,
          503,
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
              + JSON.valueToTree("the store behind the API did not answer: " + e.getMessage())
              + ",\"reason\":\"ServiceUnavailable\",\"code\":503}");
    } else {
      endQuietly(resp);
    }
  }

  private static void endQuietly(HttpServerResponse resp) {
    if (!resp.ended() && !resp.closed()) {
      resp.end();
    }
  }
}
