package dev.podidentity.local.kube;

import dev.podidentity.azuresim.OidcIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API front answers for service accounts instead of the store: the TokenRequest
 * subresource ({@link TokenRequests}), and the service-account issuer's OIDC documents ({@code
 * /.well-known/openid-configuration}, {@code /openid/v1/jwks}), which kube-apiserver also serves
 * itself ({@code kubectl get --raw /openid/v1/jwks}). The documents are the issuer's own, fetched
 * from it, so the two can never disagree.
 */
final class ServiceAccountRoutes {
  static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  private static final Pattern TOKEN =
      Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token/?");

  private final Vertx vertx;
  private final TokenRequests tokens;
  private final OidcIssuer issuer;
  private final HttpClient issuerClient;

  ServiceAccountRoutes(Vertx vertx, TokenRequests tokens, OidcIssuer issuer) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.issuer = issuer;
    HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(4);
    if (issuer.trustPemPath() != null) {
      options
          .setSsl(true)
          .setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(issuer.trustPemPath().toString()));
    }
    this.issuerClient = vertx.createHttpClient(options);
  }

  /** Answers the request if it is one of these routes; false leaves it to the front. */
  boolean handles(HttpServerRequest req) {
    String path = req.path();
    if (req.method() == HttpMethod.GET
        && (path.equals(DISCOVERY_PATH) || path.equals(OidcIssuer.JWKS_PATH))) {
      fromIssuer(req, path);
      return true;
    }
    Matcher token = TOKEN.matcher(path);
    if (!token.matches()) {
      return false;
    }
    if (req.method() != HttpMethod.POST) {
      TokenRequests.Answer refused =
          TokenRequests.failure(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource",
              null);
      ApiFront.json(req.response(), refused.status(), refused.body());
      return true;
    }
    String namespace = token.group(1);
    String account = token.group(2);
    req.body()
        .compose(
            body ->
                vertx.executeBlocking(
                    () -> tokens.create(namespace, account, body.toString()), false))
        .onSuccess(answer -> ApiFront.json(req.response(), answer.status(), answer.body()))
        .onFailure(e -> ApiFront.unavailable(req.response(), e));
    return true;
  }

  private void fromIssuer(HttpServerRequest req, String path) {
    issuerClient
        .request(new RequestOptions().setAbsoluteURI(issuer.issuer() + path))
        .compose(out -> out.send())
        .compose(
            in ->
                in.body()
                    .onSuccess(
                        body -> ApiFront.json(req.response(), in.statusCode(), body.toString())))
        .onFailure(e -> ApiFront.unavailable(req.response(), e));
  }
}
