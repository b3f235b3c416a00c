package dev.podidentity.nmi.adapter.imds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.events.flow.RetryAfter;
import dev.podidentity.nmi.core.RetryPolicy;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.core.UpstreamCall;
import dev.podidentity.nmi.metrics.AadMetrics;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.ImdsProxy;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The real IMDS over Vert.x's HTTP client: tokens for managed identities (with retries inside the
 * request's budget) and plain forwarding. Every call passes the {@link ImdsGate} and has connect
 * and response timeouts.
 */
public final class ImdsHttpClient implements TokenSource, ImdsProxy {
  static final String TOKEN_PATH = "/metadata/identity/oauth2/token";
  private static final int MAX_BODY = 64 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final Vertx vertx;
  private final HttpClient client;
  private final URI base;
  private final String apiVersion;
  private final long requestTimeoutMs;
  private final RetryPolicy retry;
  private final ImdsGate gate;
  private final NmiMetrics metrics;

  public ImdsHttpClient(
      Vertx vertx,
      URI base,
      String apiVersion,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxInFlight,
      int perSecond,
      RetryPolicy retry,
      NmiMetrics metrics) {
    this.vertx = vertx;
    this.base = base;
    this.apiVersion = apiVersion;
    this.requestTimeoutMs = requestTimeout.toMillis();
    this.retry = retry;
    this.metrics = metrics;
    this.gate = new ImdsGate(vertx, maxInFlight, perSecond);
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setIdleTimeout((int) Math.max(1, requestTimeout.toSeconds() * 2))
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(1, maxInFlight)));
  }

  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis) {
    return Uni.createFrom()
        .completionStage(() -> token(identity, resource, deadlineMillis).toCompletionStage());
  }

  private Future<Token> token(BoundIdentity identity, String resource, long deadlineMillis) {
    if (identity.type() != IdentityType.USER_ASSIGNED_MSI) {
      // ByTypeTokenSource routes only managed identities here; a guard, not a path.
      return Future.failedFuture(
          new UpstreamException(
              403, false, "identity type " + identity.type() + " has no token from IMDS", null));
    }
    String query =
        "?api-version="
            + enc(apiVersion)
            + "&resource="
            + enc(resource)
            + (identity.clientId() != null
                ? "&client_id=" + enc(identity.clientId())
                : "&msi_res_id=" + enc(identity.resourceId()));
    Promise<Token> result = Promise.promise();
    long started = System.nanoTime();
    attempt(TOKEN_PATH + query, 1, started, deadlineMillis, result);
    return result
        .future()
        .onComplete(
            ar ->
                metrics
                    .aad()
                    .upstreamToken(
                        AadMetrics.MSI_USER_ASSIGNED, ar.succeeded(), System.nanoTime() - started));
  }

  @Override
  public Uni<Answer> forward(String pathAndQuery, long deadlineMillis) {
    return Uni.createFrom()
        .completionStage(
            () -> {
              long started = System.nanoTime();
              return gate.submit(() -> send(pathAndQuery, deadlineMillis), deadlineMillis)
                  .map(
                      raw ->
                          new Answer(
                              raw.status(),
                              raw.contentType(),
                              raw.body().getBytes(),
                              new UpstreamCall(started, System.nanoTime())))
                  .toCompletionStage();
            });
  }

  /** An upstream answer with the Retry-After it asked for (ms, 0 when none). */
  private record Raw(int status, String contentType, long retryAfterMillis, Buffer body) {}

  /** Attempt {@code n} of a token call begun at {@code started} (nanos, the first attempt's). */
  private void attempt(
      String pathAndQuery, int n, long started, long deadline, Promise<Token> result) {
    gate.submit(() -> send(pathAndQuery, deadline), deadline)
        .onComplete(
            ar -> {
              if (ar.failed() && ar.cause() instanceof UpstreamException u) {
                result.tryFail(u); // the gate gave up: no slot before the deadline
                return;
              }
              int status = ar.succeeded() ? ar.result().status() : 0;
              if (status == 200) {
                UpstreamCall call = new UpstreamCall(started, System.nanoTime());
                parse(ar.result().body(), call, result);
                return;
              }
              if (!RetryPolicy.retriable(status)) {
                String body = ar.result().body().toString(StandardCharsets.UTF_8);
                result.tryFail(new UpstreamException(status, false, "IMDS refused", body));
                return;
              }
              long retryAfter = ar.succeeded() ? ar.result().retryAfterMillis() : 0;
              long wait = retry.delayMillis(n, retryAfter, System.currentTimeMillis(), deadline);
              if (wait < 0) {
                String why = ar.succeeded() ? "IMDS answered " + status : ar.cause().getMessage();
                result.tryFail(new UpstreamException(status, true, why, null));
                return;
              }
              vertx.setTimer(wait, t -> attempt(pathAndQuery, n + 1, started, deadline, result));
            });
  }

  private Future<Raw> send(String pathAndQuery, long deadline) {
    long started = System.nanoTime();
    long timeout = Math.min(requestTimeoutMs, deadline - System.currentTimeMillis());
    if (timeout <= 0) {
      return Future.failedFuture(new UpstreamException(503, true, "no time left for IMDS", null));
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(base + pathAndQuery)
            .putHeader("Metadata", "true")
            .setTimeout(timeout);
    return client
        .request(options)
        .compose(req -> req.send())
        .compose(
            resp -> {
              String length = resp.getHeader("content-length");
              if (length != null && (length.length() > 9 || Long.parseLong(length) > MAX_BODY)) {
                resp.request().reset();
                return Future.failedFuture(new IllegalStateException("IMDS answer too large"));
              }
              MultiMap headers = resp.headers();
              return resp.body()
                  .map(
                      body ->
                          new Raw(
                              resp.statusCode(),
                              headers.get("content-type"),
                              RetryAfter.millis(
                                  null, headers.get("retry-after"), System.currentTimeMillis()),
                              body));
            })
        .onComplete(
            ar -> metrics.imds(outcome(ar.failed() ? 0 : ar.result().status()), ms(started)));
  }

  private static String outcome(int status) {
    if (status == 200) {
      return "ok";
    }
    if (status == 429) {
      return "throttled";
    }
    return status == 0 || status >= 500 ? "error" : "refused";
  }

  private static double ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e6;
  }

  /**
   * IMDS's token answer, its fields read straight from the bytes: building a map of the whole body
   * was the largest share of a cold request's own CPU in a profile (P9 in BENCHMARKS.md).
   */
  static void parse(Buffer body, UpstreamCall call, Promise<Token> result) {
    String access = null;
    String resource = null;
    String tokenType = null;
    String clientId = null;
    long expiresOn = 0;
    long notBefore = 0;
    try (JsonParser p = JSON.createParser(body.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(p, "not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken v = p.nextToken();
        Object value =
            v == JsonToken.VALUE_STRING ? p.getText() : v.isNumeric() ? p.getNumberValue() : null;
        p.skipChildren();
        String text = value instanceof String s ? s : null;
        switch (field) {
          case "access_token" -> access = text;
          case "expires_on" -> expiresOn = RetryPolicy.longOf(value);
          case "not_before" -> notBefore = RetryPolicy.longOf(value);
          case "resource" -> resource = text;
          case "token_type" -> tokenType = text;
          case "client_id" -> clientId = text;
          default -> {
            // other fields (expires_in, ext_expires_in) are recomputed when answering
          }
        }
      }
    } catch (IOException e) {
      result.tryFail(new UpstreamException(502, true, "IMDS token answer is not JSON", null));
      return;
    }
    if (access == null || access.isEmpty() || expiresOn <= 0) {
      result.tryFail(new UpstreamException(502, true, "IMDS token answer incomplete", null));
      return;
    }
    result.tryComplete(
        new Token(
            access,
            expiresOn,
            notBefore,
            resource,
            tokenType != null ? tokenType : "Bearer",
            clientId,
            call));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public void close() {
    client.close();
  }
}
