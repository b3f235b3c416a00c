package dev.podidentity.nmi.adapter.entra;

import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.events.flow.RetryAfter;
import dev.podidentity.nmi.core.ClientAssertion;
import dev.podidentity.nmi.core.CredentialException;
import dev.podidentity.nmi.core.EntraRequest;
import dev.podidentity.nmi.core.RetryPolicy;
import dev.podidentity.nmi.core.ServicePrincipalCredential;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.core.UpstreamCall;
import dev.podidentity.nmi.engine.token.CredentialCache;
import dev.podidentity.nmi.metrics.AadMetrics;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.TokenSource;
import dev.podidentity.nmi.port.UpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Service principals' tokens from Entra: a client-credentials POST to the identity's authority
 * ({@code adEndpoint}, else the default) with its client secret (type 1) or a client assertion
 * signed with its certificate (type 2), both read from its Secret through {@link CredentialCache}.
 * Retries 429 / 5xx / connection failures with backoff inside the request's deadline; Entra's
 * refusals (bad secret, unknown client, ...) fail at once with Entra's own description.
 */
public final class EntraTokenSource implements TokenSource {
  private static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final CredentialCache credentials;
  private final URI defaultAuthority;
  private final long requestTimeoutMs;
  private final RetryPolicy retry;
  private final NmiMetrics metrics;

  public EntraTokenSource(
      Vertx vertx,
      CredentialCache credentials,
      URI defaultAuthority,
      Duration connectTimeout,
      Duration requestTimeout,
      String trustPemPath,
      RetryPolicy retry,
      NmiMetrics metrics) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.defaultAuthority = defaultAuthority;
    this.requestTimeoutMs = requestTimeout.toMillis();
    this.retry = retry;
    this.metrics = metrics;
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setConnectTimeout((int) connectTimeout.toMillis())
            .setIdleTimeout((int) Math.max(1, requestTimeout.toSeconds() * 2))
            .setKeepAlive(true)
            .setMaxPoolSize(8);
    if (trustPemPath != null) {
      // An extra CA for a private authority (the simulator in tests); otherwise the JVM's trust.
      options.setTrustOptions(new PemTrustOptions().addCertPath(trustPemPath));
    }
    this.client = vertx.createHttpClient(options);
  }

  @Override
  public Uni<Token> fetch(BoundIdentity identity, String resource, long deadlineMillis) {
    return Uni.createFrom()
        .completionStage(() -> token(identity, resource, deadlineMillis).toCompletionStage());
  }

  private Future<Token> token(BoundIdentity identity, String resource, long deadlineMillis) {
    if (credentials == null) {
      // Built for federated identities only: this node serves no service principals.
      return Future.failedFuture(
          new UpstreamException(403, false, "service principals are disabled on this NMI", null));
    }
    URI url;
    try {
      url = EntraRequest.tokenUrl(identity.identity(), defaultAuthority);
    } catch (CredentialException e) {
      return Future.failedFuture(new UpstreamException(403, false, e.getMessage(), null));
    }
    long started = System.nanoTime();
    // The Secret's read (from the Kubernetes API when not cached) is upstream time too.
    return credentials
        .get(identity.identity())
        .compose(
            credential -> exchange(url, identity.clientId(), resource, credential, deadlineMillis))
        .map(t -> t.fetchedBy(t.upstream().from(started)));
  }

  /**
   * The client-credentials exchange at {@code url} for {@code clientId} and {@code resource},
   * proven by {@code credential}, with the retries described above. Federated identities use it
   * too: their credential is the pod's service-account token ({@link
   * ServicePrincipalCredential.Assertion}); aad-pod-identity's metrics count both as its
   * service-principal tokens, the only Entra tokens it knew.
   */
  public Future<Token> exchange(
      URI url,
      String clientId,
      String resource,
      ServicePrincipalCredential credential,
      long deadlineMillis) {
    Promise<Token> result = Promise.promise();
    long started = System.nanoTime();
    attempt(
        url,
        clientId,
        EntraRequest.scopeOf(resource),
        resource,
        credential,
        1,
        started,
        deadlineMillis,
        result);
    return result
        .future()
        .onComplete(
            ar ->
                metrics
                    .aad()
                    .upstreamToken(
                        AadMetrics.SERVICE_PRINCIPAL, ar.succeeded(), System.nanoTime() - started));
  }

  private void attempt(
      URI url,
      String clientId,
      String scope,
      String resource,
      ServicePrincipalCredential credential,
      int n,
      long exchangeStarted,
      long deadline,
      Promise<Token> result) {
    String form;
    try {
      form = form(url, clientId, scope, credential);
    } catch (CredentialException e) {
      result.tryFail(new UpstreamException(403, false, e.getMessage(), null));
      return;
    }
    long started = System.nanoTime();
    send(url, form, deadline)
        .onComplete(
            ar -> {
              int status = ar.succeeded() ? ar.result().status() : 0;
              metrics.entra(outcome(status), (System.nanoTime() - started) / 1e6);
              if (status == 200) {
                UpstreamCall call = new UpstreamCall(exchangeStarted, System.nanoTime());
                parse(ar.result().body(), clientId, resource, call, result);
                return;
              }
              if (!EntraRequest.retriable(status)) {
                String body = ar.result().body().toString(StandardCharsets.UTF_8);
                result.tryFail(new UpstreamException(status, false, "Entra refused", body));
                return;
              }
              long retryAfter = ar.succeeded() ? ar.result().retryAfterMillis() : 0;
              long wait = retry.delayMillis(n, retryAfter, System.currentTimeMillis(), deadline);
              if (wait < 0) {
                String why = ar.succeeded() ? "Entra answered " + status : ar.cause().getMessage();
                result.tryFail(new UpstreamException(status, true, why, null));
                return;
              }
              vertx.setTimer(
                  wait,
                  t ->
                      attempt(
                          url,
                          clientId,
                          scope,
                          resource,
                          credential,
                          n + 1,
                          exchangeStarted,
                          deadline,
                          result));
            });
  }

  private static String form(
      URI url, String clientId, String scope, ServicePrincipalCredential credential) {
    if (credential instanceof ServicePrincipalCredential.Secret s) {
      return EntraRequest.form(clientId, scope, s.value(), null);
    }
    if (credential instanceof ServicePrincipalCredential.Assertion a) {
      return EntraRequest.form(clientId, scope, null, a.jwt());
    }
    ServicePrincipalCredential.Certificate c = (ServicePrincipalCredential.Certificate) credential;
    String assertion =
        ClientAssertion.sign(
            c,
            clientId,
            url.toString(),
            System.currentTimeMillis() / 1000,
            UUID.randomUUID().toString());
    return EntraRequest.form(clientId, scope, null, assertion);
  }

  private record Raw(int status, long retryAfterMillis, Buffer body) {}

  private Future<Raw> send(URI url, String form, long deadline) {
    long timeout = Math.min(requestTimeoutMs, deadline - System.currentTimeMillis());
    if (timeout <= 0) {
      return Future.failedFuture(new IllegalStateException("no time left for Entra"));
    }
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url.toString())
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .putHeader("Accept", "application/json")
            .setTimeout(timeout);
    return client
        .request(options)
        .compose(req -> req.send(form))
        .compose(
            resp -> {
              String length = resp.getHeader("content-length");
              if (length != null && (length.length() > 9 || Long.parseLong(length) > MAX_BODY)) {
                resp.request().reset();
                return Future.failedFuture(new IllegalStateException("Entra answer too large"));
              }
              String retryAfter = resp.getHeader("retry-after");
              return resp.body()
                  .map(
                      body ->
                          new Raw(
                              resp.statusCode(),
                              RetryAfter.millis(null, retryAfter, System.currentTimeMillis()),
                              body));
            });
  }

  private static String outcome(int status) {
    if (status == 200) {
      return "ok";
    }
    if (status == 429) {
      return "throttled";
    }
    return EntraRequest.retriable(status) ? "error" : "refused";
  }

  /** Entra v2 answers {@code expires_in} (seconds, a number); IMDS's shape needs absolute times. */
  private static void parse(
      Buffer body, String clientId, String resource, UpstreamCall call, Promise<Token> result) {
    try {
      JsonObject json = body.toJsonObject();
      String access = json.getValue("access_token") instanceof String s ? s : null;
      long expiresIn = RetryPolicy.longOf(json.getValue("expires_in"));
      if (access == null || access.isEmpty() || expiresIn <= 0) {
        result.tryFail(new UpstreamException(502, true, "Entra token answer incomplete", null));
        return;
      }
      long now = System.currentTimeMillis() / 1000;
      result.tryComplete(
          new Token(
              access,
              now + expiresIn,
              now,
              resource,
              json.getValue("token_type") instanceof String t ? t : "Bearer",
              clientId,
              call));
    } catch (DecodeException | ClassCastException e) {
      result.tryFail(new UpstreamException(502, true, "Entra token answer is not JSON", null));
    }
  }

  public void close() {
    client.close();
  }
}
