package dev.podidentity.azuresim.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.podidentity.azuresim.state.TokenSubject;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs access tokens shaped like Entra's v1 tokens (RS256, {@code kid} in the header) with a key
 * made at start, and publishes the key as a JWKS so anyone can verify them.
 */
public final class TokenIssuer {

  /** Managed identity tokens from IMDS live 24 hours, as in Azure. */
  public static final Duration IMDS_TOKEN_LIFETIME = Duration.ofHours(24);

  /** Client-credential tokens live about an hour, as in Entra. */
  public static final Duration APP_TOKEN_LIFETIME = Duration.ofMinutes(60);

  private final String tenantId;
  private final RSAKey key;
  private final RSASSASigner signer;

  public TokenIssuer(String tenantId) {
    this.tenantId = tenantId;
    try {
      this.key =
          new RSAKeyGenerator(2048)
              .keyID(UUID.randomUUID().toString())
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.RS256)
              .generate();
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return "https://sts.windows.net/" + tenantId + "/";
  }

  /** A signed token and its times; the response shapes differ between IMDS and Entra. */
  public record Issued(String token, Instant notBefore, Instant expiresOn, Duration lifetime) {}

  public Issued issue(TokenSubject subject, String audience, Duration lifetime) {
    Instant now = Instant.now();
    Instant exp = now.plus(lifetime);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .audience(audience)
            .subject(subject.principalId())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(exp))
            .jwtID(UUID.randomUUID().toString())
            .claim("appid", subject.clientId())
            .claim("appidacr", subject.resourceId() == null ? "1" : "2")
            .claim("idtyp", "app")
            .claim("oid", subject.principalId())
            .claim("tid", tenantId)
            .claim("ver", "1.0");
    if (subject.resourceId() != null) {
      claims.claim("xms_mirid", subject.resourceId());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return new Issued(jwt.serialize(), now, exp, lifetime);
  }

  /** The public JWKS, as {@code /discovery/keys} serves it. */
  public Map<String, Object> jwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }

  /** The claims of a token this issuer signed and that has not expired; empty otherwise. */
  public Optional<JWTClaimsSet> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (exp == null || exp.toInstant().isBefore(Instant.now())) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }
}
