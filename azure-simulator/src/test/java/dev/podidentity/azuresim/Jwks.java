package dev.podidentity.azuresim;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Verifies a token the way any relying party would: against the published JWKS. */
final class Jwks {

  private Jwks() {}

  static HttpClient http(AzureSimulator sim) {
    return HttpClient.newBuilder()
        .sslContext(SimulatorTrust.sslContext(sim.trustPemPath()))
        .build();
  }

  /** The token's claims, after checking its signature with the key its {@code kid} names. */
  static JWTClaimsSet verify(AzureSimulator sim, String token) throws Exception {
    String body =
        http(sim)
            .send(
                HttpRequest.newBuilder(
                        URI.create(sim.armUrl() + "/" + sim.tenantId() + "/discovery/v2.0/keys"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    SignedJWT jwt = SignedJWT.parse(token);
    RSAKey key = (RSAKey) JWKSet.parse(body).getKeyByKeyId(jwt.getHeader().getKeyID());
    if (key == null || !jwt.verify(new RSASSAVerifier(key))) {
      throw new AssertionError("token does not verify against the JWKS");
    }
    return jwt.getJWTClaimsSet();
  }
}
