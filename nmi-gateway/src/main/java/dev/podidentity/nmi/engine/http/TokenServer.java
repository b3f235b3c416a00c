package dev.podidentity.nmi.engine.http;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.nmi.core.SourceAddress;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token endpoint: one instance per event loop, all on one port. Routes by path, validates the
 * request per the IMDS contract, and hands token requests to {@link TokenFlow}.
 */
public final class TokenServer extends AbstractVerticle {
  static final String TOKEN_PATH = "/metadata/identity/oauth2/token";
  static final String HOST_TOKEN_PATH = "/host/token";

  /** Beyond this many open connections per node, new ones are closed at once. */
  static final int MAX_CONNECTIONS = 50_000;

  private static final int MAX_RESOURCE = 2048;
  private static final java.util.regex.Pattern SLASHES = java.util.regex.Pattern.compile("/{2,}");
  private static final CharSequence METADATA = HttpHeaders.createOptimized("Metadata");

  private final Gateway gw;
  private final AtomicInteger connections;
  private final AtomicInteger actualPort;
  private HttpServer server;

  public TokenServer(Gateway gw, AtomicInteger connections, AtomicInteger actualPort) {
    this.gw = gw;
    this.connections = connections;
    this.actualPort = actualPort;
  }

  @Override
  public void start(Promise<Void> started) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(gw.settings().server().host())
            .setPort(gw.settings().server().port())
            .setIdleTimeout((int) Math.max(1, gw.settings().server().idleTimeout().toSeconds()))
            .setMaxHeaderSize(gw.settings().server().maxHeaderBytes())
            .setMaxInitialLineLength(8192)
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(false)
            // HTTP/1.1 only: h2c detection would hold every new connection until its first bytes.
            .setHttp2ClearTextEnabled(false);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(
                conn -> {
                  if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                    conn.close();
                  }
                  conn.closeHandler(v -> connections.decrementAndGet());
                })
            .requestHandler(this::handle)
            .invalidRequestHandler(
                req -> Answers.error(req.response(), 400, "invalid_request", "malformed request"));
    server
        .listen()
        .onSuccess(s -> actualPort.set(s.actualPort()))
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void handle(HttpServerRequest req) {
    req.exceptionHandler(e -> {}); // a client that goes away mid-request is not our error
    // SDKs join their IMDS base URL and the token path with an extra slash ("//metadata/...").
    String path = req.path() == null ? "" : req.path();
    if (path.contains("//")) {
      path = SLASHES.matcher(path).replaceAll("/");
    }
    if (is(path, TOKEN_PATH)) {
      token(req, null);
    } else if (is(path, HOST_TOKEN_PATH)) {
      hostToken(req);
    } else if (path.regionMatches(true, 0, "/metadata/", 0, "/metadata/".length())) {
      proxy(req);
    } else {
      reject(req, 404, "not_found", "no such endpoint", "not_found");
    }
  }

  private void token(HttpServerRequest req, PodRecord hostTokenPod) {
    Parsed parsed = parse(req);
    if (parsed.request() == null) {
      String endpoint = hostTokenPod == null ? TOKEN_PATH : HOST_TOKEN_PATH;
      rejectToken(req, endpoint, hostTokenPod, parsed.status(), "invalid_request", parsed.why());
      return;
    }
    new TokenFlow(gw, req, parsed.request(), hostTokenPod).start();
  }

  /** A well-formed token request, or why not: {@code status} 405 or 400 and the reason. */
  private record Parsed(TokenRequest request, int status, String why) {
    static Parsed refused(int status, String why) {
      return new Parsed(null, status, why);
    }
  }

  private static Parsed parse(HttpServerRequest req) {
    Parsed imds = imdsRules(req);
    if (imds != null) {
      return imds;
    }
    TokenQuery params;
    try {
      params = TokenQuery.parse(req.query());
    } catch (TokenQuery.Malformed e) {
      return Parsed.refused(400, "the query string is not valid");
    }
    if (params.repeated() != null) {
      return Parsed.refused(400, "parameter " + params.repeated() + " is repeated");
    }
    String resource = blankToNull(params.resource());
    if (resource == null || resource.length() > MAX_RESOURCE) {
      return Parsed.refused(400, "resource is missing or too long");
    }
    String msiResId = blankToNull(params.msiResId());
    String miResId = blankToNull(params.miResId());
    if (msiResId != null && miResId != null && !msiResId.equalsIgnoreCase(miResId)) {
      return Parsed.refused(400, "msi_res_id and mi_res_id differ");
    }
    String ip = SourceAddress.normalise(req.remoteAddress().hostAddress());
    if (ip == null) {
      return Parsed.refused(400, "the source address is not an IP");
    }
    return new Parsed(
        new TokenRequest(
            ip,
            resource,
            blankToNull(params.clientId()),
            msiResId != null ? msiResId : miResId,
            blankToNull(params.objectId())),
        200,
        null);
  }

  /** What IMDS asks of every request: GET, with the Metadata header. Null when both hold. */
  private static Parsed imdsRules(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET) {
      return Parsed.refused(405, "only GET is supported");
    }
    return metadataHeader(req)
        ? null
        : Parsed.refused(400, "Required metadata header not specified");
  }

  /**
   * aad-pod-identity's {@code /host/token}: the caller names the pod in headers, so it is answered
   * only when enabled and only to the node itself (loopback).
   */
  private void hostToken(HttpServerRequest req) {
    if (!gw.settings().hostTokenEnabled()) {
      reject(req, 404, "not_found", "no such endpoint", "not_found");
      return;
    }
    String ip = SourceAddress.normalise(req.remoteAddress().hostAddress());
    if (ip == null || !(ip.startsWith("127.") || ip.equals("::1"))) {
      rejectToken(
          req, HOST_TOKEN_PATH, null, 403, "forbidden", "host token is answered to loopback only");
      return;
    }
    String ns = req.getHeader("podns");
    String name = req.getHeader("podname");
    PodRecord pod = ns == null || name == null ? null : gw.holder().current().podNamed(ns, name);
    if (pod == null) {
      rejectToken(req, HOST_TOKEN_PATH, null, 404, "not_found", "no such pod on this node");
      return;
    }
    token(req, pod);
  }

  private void proxy(HttpServerRequest req) {
    Parsed imds = imdsRules(req);
    if (imds != null) {
      reject(req, imds.status(), "invalid_request", imds.why(), "bad_request");
      return;
    }
    if (gw.settings().blockInstanceMetadata()) {
      reject(req, 403, "forbidden", "instance metadata is blocked on this node", "blocked");
      return;
    }
    long started = System.nanoTime();
    gw.forward(
            pathAndQuery(req),
            System.currentTimeMillis() + gw.settings().imds().requestTimeout().toMillis())
        .onComplete(
            ar -> {
              double ms = (System.nanoTime() - started) / 1e6;
              if (ar.failed()) {
                Answers.error(
                    req.response(),
                    503,
                    "temporarily_unavailable",
                    "IMDS did not answer",
                    gw.retryAfterSeconds());
                gw.metrics().request("proxy_failed", ms);
                return;
              }
              Answers.relay(req.response(), ar.result());
              gw.metrics().request("proxied", ms);
            });
  }

  /**
   * A refusal by one of aad's token handlers ({@code endpoint}), counted in its metrics too, with
   * the pod's namespace when it is known.
   */
  private void rejectToken(
      HttpServerRequest req,
      String endpoint,
      PodRecord pod,
      int status,
      String error,
      String description) {
    long started = System.nanoTime();
    // The outcome label of our own metrics: aad's error codes, as the answer says them.
    reject(req, status, error, description, status == 400 || status == 405 ? "bad_request" : error);
    gw.metrics()
        .aad()
        .request(
            endpoint,
            status,
            pod == null ? "" : pod.namespace(),
            null,
            System.nanoTime() - started);
  }

  private void reject(
      HttpServerRequest req, int status, String error, String description, String outcome) {
    long started = System.nanoTime();
    Answers.error(req.response(), status, error, description);
    gw.metrics().request(outcome, (System.nanoTime() - started) / 1e6);
    if (gw.requestLog().enabled()) {
      gw.requestLog()
          .line(
              new StringBuilder(96)
                  .append("request path=")
                  .append(Safe.forLog(req.path()))
                  .append(" status=")
                  .append(status)
                  .append(" outcome=")
                  .append(outcome));
    }
  }

  /** {@code Metadata: true}, exactly once, case-insensitive as IMDS accepts it. */
  private static boolean metadataHeader(HttpServerRequest req) {
    List<String> values = req.headers().getAll(METADATA);
    return values.size() == 1 && "true".equalsIgnoreCase(values.get(0).trim());
  }

  /** Path and query as received; never an absolute URI a client might smuggle in. */
  static String pathAndQuery(HttpServerRequest req) {
    return req.path() + (req.query() == null ? "" : "?" + req.query());
  }

  /** {@code path} is {@code endpoint}, with or without a trailing slash, in any case. */
  private static boolean is(String path, String endpoint) {
    int n = endpoint.length();
    return (path.length() == n || (path.length() == n + 1 && path.charAt(n) == '/'))
        && path.regionMatches(true, 0, endpoint, 0, n);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public void stop(Promise<Void> stopped) {
    if (server == null) {
      stopped.complete();
      return;
    }
    server.close().onComplete(stopped);
  }
}
