package dev.podidentity.azuresim;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.http.Json;
import dev.podidentity.azuresim.tokens.TlsMaterial;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small OIDC issuer on loopback, such as a Kubernetes API server's service-account issuer: it
 * serves {@code /.well-known/openid-configuration} and a JWKS at {@code /openid/v1/jwks}, and signs
 * tokens (RS256 by default, ES256 on request) with a key made at start. Keys can be rotated: the
 * new key signs, earlier keys stay published until {@link #retireOldKeys()}.
 *
 * <p>Tests use it as the external issuer of federated assertions; the local stack uses it to mint
 * service-account tokens for pods:
 *
 * <pre>{@code
 * try (OidcIssuer oidc = OidcIssuer.startHttp()) {
 *   sim.admin().addFederatedCredential(identityId, "pod-sa", oidc.issuer(),
 *       OidcIssuer.serviceAccountSubject("default", "app"));
 *   String assertion = oidc.serviceAccountToken("default", "app",
 *       OidcIssuer.TOKEN_EXCHANGE_AUDIENCE, Duration.ofHours(1));
 *   // POST it to sim.armUrl() + "/{tenant}/oauth2/v2.0/token" as a client_assertion
 * }
 * }</pre>
 */
public final class OidcIssuer implements AutoCloseable {

  /** The audience Entra expects in a federated assertion. */
  public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

  /** Where the key set is served, as a Kubernetes API server serves it. */
  public static final String JWKS_PATH = "/openid/v1/jwks";

  private final Vertx vertx;
  private final HttpServer server;
  private final String issuer;
  private final Path trustPem;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicLong jwksRequests = new AtomicLong();
  private volatile JWK signingKey;

  private OidcIssuer(Vertx vertx, String host, int port, TlsMaterial tls) {
    this.vertx = vertx;
    rotateKey();
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    if (tls != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setKeyValue(Buffer.buffer(tls.privateKeyPem()))
                  .setCertValue(Buffer.buffer(tls.certificatePem())));
    }
    this.server = await(vertx.createHttpServer(options).requestHandler(this::handle).listen());
    this.issuer = (tls != null ? "https://" : "http://") + host + ":" + server.actualPort();
    this.trustPem = tls == null ? null : tls.pemPath();
  }

  /** An issuer at {@code http://127.0.0.1:<any free port>}. */
  public static OidcIssuer startHttp() {
    return start("127.0.0.1", 0, false, null);
  }

  /**
   * An issuer at {@code https://127.0.0.1:<any free port>} with a self-signed certificate written
   * to {@link #trustPemPath()} (in {@code trustDir}/oidc-issuer, or a temporary directory if null).
   * Give that file to the simulator ({@code SimulatorConfig.withIssuerTrustPems}).
   */
  public static OidcIssuer startHttps(Path trustDir) {
    return start("127.0.0.1", 0, true, trustDir);
  }

  public static OidcIssuer start(String host, int port, boolean https, Path trustDir) {
    TlsMaterial tls = null;
    if (https) {
      try {
        Path dir =
            trustDir == null
                ? Files.createTempDirectory("oidc-issuer-trust")
                : trustDir.resolve("oidc-issuer");
        tls = TlsMaterial.create(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      return new OidcIssuer(vertx, host, port, tls);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/.well-known/openid-configuration")) {
      reply(
          req,
          Map.of(
              "issuer", issuer,
              "jwks_uri", issuer + JWKS_PATH,
              "response_types_supported", List.of("id_token"),
              "subject_types_supported", List.of("public"),
              "id_token_signing_alg_values_supported", List.of("RS256", "ES256")));
    } else if (path.equals(JWKS_PATH)) {
      jwksRequests.incrementAndGet();
      reply(req, new JWKSet(published.stream().map(JWK::toPublicJWK).toList()).toJSONObject());
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  private static void reply(HttpServerRequest req, Object body) {
    req.response().putHeader("Content-Type", "application/json").end(Json.write(body));
  }

  /** The issuer URL, the {@code iss} of every token, without a trailing slash. */
  public String issuer() {
    return issuer;
  }

  /** The certificate to trust for an https issuer; null for http. */
  public Path trustPemPath() {
    return trustPem;
  }

  /** The {@code kid} of the key that signs now. */
  public String keyId() {
    return signingKey.getKeyID();
  }

  /** How often the JWKS was served: shows whether a relying party cached it. */
  public long jwksRequests() {
    return jwksRequests.get();
  }

  /** A new RS256 key signs from now on; the old keys stay published. Returns the new kid. */
  public String rotateKey() {
    return rotateKey(JWSAlgorithm.RS256);
  }

  /** A new key for RS256 or ES256 signs from now on; returns its kid. */
  public String rotateKey(JWSAlgorithm algorithm) {
    try {
      String kid = UUID.randomUUID().toString();
      JWK key =
          JWSAlgorithm.ES256.equals(algorithm)
              ? new ECKeyGenerator(Curve.P_256)
                  .keyID(kid)
                  .keyUse(KeyUse.SIGNATURE)
                  .algorithm(JWSAlgorithm.ES256)
                  .generate()
              : new RSAKeyGenerator(2048)
                  .keyID(kid)
                  .keyUse(KeyUse.SIGNATURE)
                  .algorithm(JWSAlgorithm.RS256)
                  .generate();
      published.add(key);
      signingKey = key;
      return kid;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unpublishes every key but the one that signs now. */
  public void retireOldKeys() {
    JWK current = signingKey;
    published.removeIf(k -> !k.getKeyID().equals(current.getKeyID()));
  }

  /** Signs the claims as they are (set {@code iss} to {@link #issuer()} for a genuine token). */
  public String sign(JWTClaimsSet claims) {
    JWK key = signingKey;
    try {
      JWSSigner signer =
          key instanceof ECKey ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder((JWSAlgorithm) key.getAlgorithm())
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code system:serviceaccount:<namespace>:<name>}, the subject Kubernetes gives such tokens. */
  public static String serviceAccountSubject(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * A service-account token as the TokenRequest API issues it: {@code sub} {@link
   * #serviceAccountSubject}, the audience, {@code iat}/{@code nbf} now, the {@code kubernetes.io}
   * claim with namespace and service account.
   */
  public String serviceAccountToken(
      String namespace, String serviceAccount, String audience, Duration lifetime) {
    Instant now = Instant.now();
    return sign(
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(serviceAccountSubject(namespace, serviceAccount))
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString())
            .claim(
                "kubernetes.io",
                Map.of(
                    "namespace",
                    namespace,
                    "serviceaccount",
                    Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString())))
            .build());
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("OIDC issuer failed to start: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort, as for the simulator
    }
  }
}
