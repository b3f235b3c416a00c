package dev.podidentity.azuresim.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.state.AzureState;
import dev.podidentity.azuresim.state.FederatedCredential;
import dev.podidentity.azuresim.state.ManagedIdentity;
import dev.podidentity.azuresim.state.TokenSubject;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Workload identity federation as Entra does it for a user-assigned identity: the client assertion
 * is an external OIDC token; its issuer must be one of the identity's federated credentials, its
 * signature must verify against that issuer's published keys, and its subject and audience must
 * match a credential with that issuer, within the token's lifetime. Every outcome is counted.
 */
public final class FederatedExchange {

  /**
   * Tolerance for clocks that disagree. Microsoft's token validation library defaults to five
   * minutes; Entra does not document its own.
   */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final String CHECK =
      " Please check your federated identity credential Subject, Audience and Issuer against the"
          + " presented assertion.";

  private final AzureState state;
  private final IssuerKeys keys;
  private final Counters counters;
  private final Clock clock;
  private volatile Duration clockOffset = Duration.ZERO;

  public FederatedExchange(AzureState state, IssuerKeys keys, Counters counters, Clock clock) {
    this.state = state;
    this.keys = keys;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * Moves the clock the assertions' time range is checked by (zero: the real clock), so a test can
   * present an assertion after it expired without waiting out Kubernetes' 10-minute minimum.
   */
  public void setClockOffset(Duration offset) {
    clockOffset = offset;
  }

  public Duration clockOffset() {
    return clockOffset;
  }

  /** What Entra answers: the identity to issue a token for, or a refusal. */
  public sealed interface Outcome permits Granted, Refused {}

  /** The assertion is good: issue a token for this identity. */
  public record Granted(TokenSubject subject) implements Outcome {}

  /**
   * Entra's refusal, {@code AADSTS<code>: <description>} with OAuth {@code error}; {@code reason}
   * is the counter name.
   */
  public record Refused(int status, String error, int code, String description, String reason)
      implements Outcome {}

  /** Checks the assertion for the identity; the future always succeeds with an outcome. */
  public Future<Outcome> exchange(ManagedIdentity identity, String assertion) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      return done(
          refused(
              400, "invalid_request", 50027, "JWT token is invalid or malformed.", "malformed"));
    }
    String iss = claims.getIssuer();
    List<FederatedCredential> creds = state.federatedCredentials().of(identity);
    if (creds.isEmpty()) {
      return done(noMatchAtAll(claims));
    }
    if (iss == null || creds.stream().noneMatch(c -> c.issuer().equals(iss))) {
      return done(noMatch(700211, "issuer", iss));
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
      return done(badSignature());
    }
    String kid = jwt.getHeader().getKeyID();
    return keys.key(iss, kid)
        .map(key -> afterKey(identity, jwt, claims, key, kid))
        .otherwise(e -> fetchFailed(e))
        .map(this::count);
  }

  private Outcome afterKey(
      ManagedIdentity identity, SignedJWT jwt, JWTClaimsSet claims, JWK key, String kid) {
    String iss = claims.getIssuer();
    if (key == null) {
      return refused(
          401,
          "invalid_client",
          7000272,
          "The certificate with identifier "
              + kid
              + " used to sign the federated credential could not be found in the metadata of"
              + " identity provider "
              + iss
              + ". Please validate that your Identity Provider's metadata exposes the key used to"
              + " sign the incoming token.",
          "unknownKey");
    }
    if (!verifies(jwt, key)) {
      return badSignature();
    }
    Refused outOfTime = timeRange(claims);
    if (outOfTime != null) {
      return outOfTime;
    }
    // Read again: the credential (or the identity) may have gone while the keys were fetched; an
    // identity re-created under the same name is another identity (another client id).
    List<FederatedCredential> sameIssuer =
        state
            .identity(identity.id())
            .filter(mi -> mi.clientId().equals(identity.clientId()))
            .map(mi -> state.federatedCredentials().of(mi))
            .orElse(List.of())
            .stream()
            .filter(c -> c.issuer().equals(iss))
            .toList();
    if (sameIssuer.isEmpty()) {
      return noMatchAtAll(claims);
    }
    List<FederatedCredential> sameSubject =
        sameIssuer.stream().filter(c -> c.subject().equals(claims.getSubject())).toList();
    if (sameSubject.isEmpty()) {
      return noMatch(700213, "subject", claims.getSubject());
    }
    List<String> aud = claims.getAudience();
    boolean audienceMatches =
        sameSubject.stream().anyMatch(c -> c.audiences().stream().anyMatch(aud::contains));
    if (!audienceMatches) {
      return noMatch(700212, "audience", String.join(", ", aud));
    }
    return new Granted(TokenSubject.of(identity));
  }

  private static boolean verifies(SignedJWT jwt, JWK key) {
    try {
      JWSVerifier verifier;
      if (key instanceof RSAKey && JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        verifier = new RSASSAVerifier((RSAKey) key);
      } else if (key instanceof ECKey
          && JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
        verifier = new ECDSAVerifier((ECKey) key);
      } else {
        return false;
      }
      return jwt.verify(verifier);
    } catch (JOSEException | RuntimeException e) {
      return false;
    }
  }

  /** {@code exp} must not have passed, {@code nbf} and {@code iat} must have come, with skew. */
  private Refused timeRange(JWTClaimsSet claims) {
    Instant now = clock.instant().plus(clockOffset);
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    boolean expired = exp == null || now.minus(CLOCK_SKEW).isAfter(exp.toInstant());
    boolean early =
        (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant()))
            || (iat != null && now.plus(CLOCK_SKEW).isBefore(iat.toInstant()));
    if (!expired && !early) {
      return null;
    }
    return refused(
        401,
        "invalid_client",
        700024,
        "Client assertion is not within its valid time range. Current time: "
            + now
            + ", assertion valid from "
            + (nbf == null ? Instant.EPOCH : nbf.toInstant())
            + ", expiry time of assertion "
            + (exp == null ? "(none)" : exp.toInstant())
            + ".",
        expired ? "expired" : "notYetValid");
  }

  private static Refused noMatchAtAll(JWTClaimsSet claims) {
    return refused(
        401,
        "invalid_client",
        70021,
        "No matching federated identity record found for presented assertion. Assertion Issuer: '"
            + claims.getIssuer()
            + "'. Assertion Subject: '"
            + claims.getSubject()
            + "'. Assertion Audience: '"
            + String.join(", ", claims.getAudience())
            + "'.",
        "noCredential");
  }

  private static Refused noMatch(int code, String what, String value) {
    return refused(
        401,
        "invalid_client",
        code,
        "No matching federated identity record found for presented assertion "
            + what
            + " '"
            + value
            + "'."
            + CHECK,
        what);
  }

  private static Refused badSignature() {
    return refused(
        401,
        "invalid_client",
        700027,
        "Client assertion failed signature validation.",
        "signature");
  }

  private static Outcome fetchFailed(Throwable e) {
    if (e instanceof IssuerKeys.FetchFailed && !((IssuerKeys.FetchFailed) e).discovery()) {
      return refused(
          400, "invalid_request", 900612, "Failed to parse provider signing keys.", "jwks");
    }
    return refused(
        400, "invalid_request", 90061, "Request to External OIDC endpoint failed.", "discovery");
  }

  private static Refused refused(
      int status, String error, int code, String description, String reason) {
    return new Refused(status, error, code, description, reason);
  }

  private Future<Outcome> done(Outcome outcome) {
    return Future.succeededFuture(count(outcome));
  }

  private Outcome count(Outcome outcome) {
    if (outcome instanceof Refused) {
      counters.entraRefused(Counters.FEDERATED, ((Refused) outcome).reason());
    } else {
      counters.entra(Counters.FEDERATED, Counters.ACCEPTED);
    }
    return outcome;
  }
}
