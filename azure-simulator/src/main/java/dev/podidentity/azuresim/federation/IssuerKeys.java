package dev.podidentity.azuresim.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.http.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys of external OIDC issuers, as Entra reads them for a federated assertion: {@code
 * {issuer}/.well-known/openid-configuration}, then its {@code jwks_uri}. Each issuer's key set is
 * cached for {@link #CACHE_TTL} and fetched again at once for a key id it does not hold (the issuer
 * may have rotated its key); concurrent fetches for one issuer share one request.
 */
public final class IssuerKeys {

  /** How long a fetched key set is trusted without asking the issuer again. */
  public static final Duration CACHE_TTL = Duration.ofMinutes(5);

  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int IDLE_TIMEOUT_MS = 5_000;
  private static final long MAX_DOCUMENT_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final HttpClient http;
  private final Counters counters;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Future<JWKSet>> inFlight = new ConcurrentHashMap<>();

  private record Cached(JWKSet keys, Instant fetchedAt) {}

  /** Why an issuer's keys could not be had; the refusal differs for discovery and keys. */
  public static final class FetchFailed extends RuntimeException {
    private final boolean discovery;

    FetchFailed(boolean discovery, String message) {
      super(message);
      this.discovery = discovery;
    }

    /** True if the discovery document (or the issuer) was out of reach or unusable. */
    public boolean discovery() {
      return discovery;
    }
  }

  /**
   * @param trustPems certificates trusted for https issuers (the simulator's own, and any given);
   *     the JDK's default trust is not used, since issuers here live on loopback
   */
  public IssuerKeys(Vertx vertx, List<Path> trustPems, Counters counters, Clock clock) {
    PemTrustOptions trust = new PemTrustOptions();
    trustPems.forEach(p -> trust.addCertPath(p.toString()));
    this.vertx = vertx;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setTrustOptions(trust)
                .setVerifyHost(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setMaxPoolSize(4));
    this.counters = counters;
    this.clock = clock;
  }

  /** The key with this id; null if the issuer does not publish it even after a fresh fetch. */
  public Future<JWK> key(String issuer, String kid) {
    if (Vertx.currentContext() == null) {
      // Off an event loop the response's continuation is queued as a task of its own, and the body
      // can arrive before it asks for it and be lost (read as an empty document): run on one.
      Promise<JWK> onLoop = Promise.promise();
      vertx.runOnContext(v -> key(issuer, kid).onComplete(onLoop));
      return onLoop.future();
    }
    Cached cached = cache.get(issuer);
    boolean fresh = cached != null && cached.fetchedAt().plus(CACHE_TTL).isAfter(clock.instant());
    if (fresh && find(cached.keys(), kid) != null) {
      return Future.succeededFuture(find(cached.keys(), kid));
    }
    return fetch(issuer).map(keys -> find(keys, kid));
  }

  private static JWK find(JWKSet keys, String kid) {
    if (kid == null) {
      // A token without kid can only be checked against an issuer with a single key.
      return keys.getKeys().size() == 1 ? keys.getKeys().get(0) : null;
    }
    return keys.getKeyByKeyId(kid);
  }

  private Future<JWKSet> fetch(String issuer) {
    Promise<JWKSet> promise = Promise.promise();
    Future<JWKSet> running = inFlight.putIfAbsent(issuer, promise.future());
    if (running != null) {
      return running;
    }
    counters.entra(Counters.FEDERATED, Counters.JWKS_FETCHES);
    String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    get(discovery, true)
        .compose(doc -> jwksUri(doc))
        .compose(uri -> get(uri, false))
        .compose(IssuerKeys::parseKeys)
        .onComplete(
            r -> {
              inFlight.remove(issuer, promise.future());
              if (r.succeeded()) {
                cache.put(issuer, new Cached(r.result(), clock.instant()));
              }
              promise.handle(r);
            });
    return promise.future();
  }

  private static Future<String> jwksUri(Buffer doc) {
    try {
      JsonNode uri = Json.MAPPER.readTree(doc.toString()).get("jwks_uri");
      return uri != null && uri.isTextual()
          ? Future.succeededFuture(uri.asText())
          : Future.failedFuture(new FetchFailed(true, "discovery document has no jwks_uri"));
    } catch (Exception e) {
      return Future.failedFuture(new FetchFailed(true, "discovery document is not JSON"));
    }
  }

  private static Future<JWKSet> parseKeys(Buffer body) {
    try {
      return Future.succeededFuture(JWKSet.parse(body.toString()));
    } catch (Exception e) {
      return Future.failedFuture(new FetchFailed(false, "JWKS is not a key set: " + e));
    }
  }

  private Future<Buffer> get(String url, boolean discovery) {
    RequestOptions req;
    try {
      req =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setAbsoluteURI(url)
              .setConnectTimeout(CONNECT_TIMEOUT_MS)
              .setIdleTimeout(IDLE_TIMEOUT_MS)
              .putHeader("Accept", "application/json");
    } catch (RuntimeException e) {
      return Future.failedFuture(new FetchFailed(discovery, "not a URL: " + url));
    }
    return http.request(req)
        .compose(r -> r.send())
        .compose(r -> body(r, url, discovery))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof FetchFailed ? e : new FetchFailed(discovery, url + ": " + e)));
  }

  private static Future<Buffer> body(HttpClientResponse r, String url, boolean discovery) {
    if (r.statusCode() != 200) {
      return Future.failedFuture(new FetchFailed(discovery, url + " answered " + r.statusCode()));
    }
    return r.body()
        .compose(
            b ->
                b.length() > MAX_DOCUMENT_BYTES
                    ? Future.failedFuture(new FetchFailed(discovery, url + " is too large"))
                    : Future.succeededFuture(b));
  }
}
