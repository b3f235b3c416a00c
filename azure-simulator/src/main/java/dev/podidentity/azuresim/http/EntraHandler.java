package dev.podidentity.azuresim.http;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.federation.FederatedExchange;
import dev.podidentity.azuresim.state.ManagedIdentity;
import dev.podidentity.azuresim.state.ServicePrincipal;
import dev.podidentity.azuresim.state.TokenSubject;
import dev.podidentity.azuresim.tokens.TokenIssuer;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Entra (login) endpoint: the client-credentials grant for service principals with a secret or a
 * certificate-signed assertion, and for user-assigned identities with a federated (workload
 * identity) assertion; v1 ({@code resource}) and v2 ({@code scope}) shapes, the JWKS that verifies
 * every token the simulator signs, and the discovery documents MSAL reads.
 */
public final class EntraHandler {

  private static final String ASSERTION_TYPE =
      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private final Services s;

  public EntraHandler(Services s) {
    this.s = s;
  }

  public void register(Router router) {
    router
        .routeWithRegex(HttpMethod.POST, "/([^/]+)/oauth2/v2\\.0/token")
        .handler(ctx -> token(ctx, true));
    router
        .routeWithRegex(HttpMethod.POST, "/([^/]+)/oauth2/token")
        .handler(ctx -> token(ctx, false));
    router
        .routeWithRegex(HttpMethod.GET, "/([^/]+)/discovery(/v2\\.0)?/keys")
        .handler(ctx -> Json.send(ctx, 200, s.issuer().jwks()));
    router
        .routeWithRegex(HttpMethod.GET, "/([^/]+)(/v2\\.0)?/\\.well-known/openid-configuration")
        .handler(this::openIdConfiguration);
    router.route(HttpMethod.GET, "/common/discovery/instance").handler(this::instanceDiscovery);
  }

  private String base(RoutingContext ctx) {
    return Json.origin(ctx);
  }

  private void openIdConfiguration(RoutingContext ctx) {
    String tenant = s.state().tenantId();
    String b = base(ctx) + "/" + tenant;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", s.issuer().issuer());
    doc.put("token_endpoint", b + "/oauth2/v2.0/token");
    doc.put("authorization_endpoint", b + "/oauth2/v2.0/authorize");
    doc.put("jwks_uri", b + "/discovery/v2.0/keys");
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put(
        "token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt"));
    doc.put("tenant_region_scope", "EU");
    Json.send(ctx, 200, doc);
  }

  private void instanceDiscovery(RoutingContext ctx) {
    String host = base(ctx).substring("https://".length());
    Json.send(
        ctx,
        200,
        Map.of(
            "tenant_discovery_endpoint",
            base(ctx) + "/" + s.state().tenantId() + "/v2.0/.well-known/openid-configuration",
            "api-version",
            "1.1",
            "metadata",
            List.of(
                Map.of(
                    "preferred_network",
                    host,
                    "preferred_cache",
                    host,
                    "aliases",
                    List.of(host)))));
  }

  private void token(RoutingContext ctx, boolean v2) {
    String tenant = ctx.pathParam("param0");
    if (!tenant.equalsIgnoreCase(s.state().tenantId())
        && !tenant.equalsIgnoreCase("organizations")) {
      oauthError(ctx, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found.");
      return;
    }
    var form = ctx.request().formAttributes();
    if (!"client_credentials".equals(form.get("grant_type"))) {
      oauthError(
          ctx,
          400,
          "unsupported_grant_type",
          70003,
          "The app requested an unsupported grant type.");
      return;
    }
    String clientId = form.get("client_id");
    Optional<ServicePrincipal> sp =
        clientId == null ? Optional.empty() : s.state().directory().servicePrincipal(clientId);
    Optional<ManagedIdentity> mi =
        clientId == null || sp.isPresent()
            ? Optional.empty()
            : s.state().identityByClientId(clientId);
    if (mi.isPresent()) {
      federated(ctx, v2, form, mi.get());
      return;
    }
    if (sp.isEmpty()) {
      oauthError(
          ctx,
          400,
          "unauthorized_client",
          700016,
          "Application with identifier '" + clientId + "' was not found in the directory.");
      return;
    }
    Optional<String> refused =
        authenticate(
            sp.get(),
            form.get("client_secret"),
            form.get("client_assertion_type"),
            form.get("client_assertion"));
    if (refused.isPresent()) {
      oauthError(ctx, 401, "invalid_client", 7000215, refused.get());
      return;
    }
    grant(ctx, v2, form, new TokenSubject(sp.get().clientId(), sp.get().objectId(), null));
  }

  /**
   * A managed identity's client id with a client assertion: workload identity federation. The
   * assertion is an external OIDC token, checked against the identity's federated credentials.
   */
  private void federated(RoutingContext ctx, boolean v2, MultiMap form, ManagedIdentity mi) {
    String assertion = form.get("client_assertion");
    if (assertion == null || !ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
      oauthError(
          ctx,
          400,
          "invalid_request",
          900144,
          "The request body must contain the following parameter: 'client_assertion'.");
      return;
    }
    s.exchange()
        .exchange(mi, assertion)
        .onComplete(
            r -> {
              if (r.failed()) {
                // The exchange answers every refusal itself; anything else is a simulator bug.
                ctx.fail(r.cause());
                return;
              }
              FederatedExchange.Outcome outcome = r.result();
              if (outcome instanceof FederatedExchange.Granted) {
                grant(ctx, v2, form, ((FederatedExchange.Granted) outcome).subject());
              } else {
                FederatedExchange.Refused no = (FederatedExchange.Refused) outcome;
                oauthError(ctx, no.status(), no.error(), no.code(), no.description());
              }
            });
  }

  /** Issues the token for an authenticated client, in the v1 or v2 response shape. */
  private void grant(RoutingContext ctx, boolean v2, MultiMap form, TokenSubject subject) {
    String audience = v2 ? audienceOfScope(form.get("scope")) : form.get("resource");
    if (audience == null || audience.isBlank()) {
      oauthError(
          ctx,
          400,
          "invalid_request",
          900144,
          "The request body must contain the following parameter: '"
              + (v2 ? "scope" : "resource")
              + "'.");
      return;
    }
    TokenIssuer.Issued t = s.issuer().issue(subject, audience, TokenIssuer.APP_TOKEN_LIFETIME);
    long lifetime = t.lifetime().toSeconds() - 1;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token_type", "Bearer");
    if (v2) {
      body.put("expires_in", lifetime);
      body.put("ext_expires_in", lifetime);
    } else {
      body.put("expires_in", Long.toString(lifetime));
      body.put("ext_expires_in", Long.toString(lifetime));
      body.put("expires_on", Long.toString(t.expiresOn().getEpochSecond()));
      body.put("not_before", Long.toString(t.notBefore().getEpochSecond()));
      body.put("resource", audience);
    }
    body.put("access_token", t.token());
    Json.send(ctx, 200, body);
  }

  /**
   * {@code https://management.azure.com/.default} asks for the audience before {@code .default}.
   */
  static String audienceOfScope(String scope) {
    if (scope == null) {
      return null;
    }
    for (String one : scope.split(" ")) {
      if (one.endsWith("/.default")) {
        String audience = one.substring(0, one.length() - ".default".length());
        return audience.endsWith("//") ? audience.substring(0, audience.length() - 1) : audience;
      }
    }
    return scope.split(" ")[0];
  }

  /** Why the client's credential is refused, or empty if it is good. */
  private Optional<String> authenticate(
      ServicePrincipal sp, String secret, String assertionType, String assertion) {
    if (secret != null) {
      return secret.equals(sp.secret())
          ? Optional.empty()
          : Optional.of(
              "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                  + sp.clientId()
                  + "'.");
    }
    if (assertion == null || !ASSERTION_TYPE.equals(assertionType)) {
      return Optional.of(
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    if (sp.certificatePem() == null) {
      return Optional.of("No certificate is registered for app '" + sp.clientId() + "'.");
    }
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(
                          sp.certificatePem().getBytes(StandardCharsets.US_ASCII)));
      SignedJWT jwt = SignedJWT.parse(assertion);
      if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) cert.getPublicKey()))) {
        return Optional.of("Client assertion contains an invalid signature.");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!sp.clientId().equalsIgnoreCase(claims.getIssuer())
          || !sp.clientId().equalsIgnoreCase(claims.getSubject())) {
        return Optional.of("The issuer and subject of the client assertion must be the client id.");
      }
      if (claims.getExpirationTime() == null
          || claims.getExpirationTime().toInstant().isBefore(Instant.now())) {
        return Optional.of("The provided client assertion is expired.");
      }
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of("Client assertion failed signature validation: " + e.getMessage());
    }
  }

  private static void oauthError(
      RoutingContext ctx, int status, String error, int code, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + text);
    body.put("error_codes", List.of(code));
    body.put("timestamp", Instant.now().toString());
    Json.send(ctx, status, body);
  }
}
