package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientAssertionTest {
  static final ServicePrincipalCredential.Certificate CRED =
      new ServicePrincipalCredential.Certificate(
          CertificateFixtures.CERT, CertificateFixtures.KEYS.getPrivate());

  static JsonObject part(String jwt, int i) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  @Test
  void assertionIsSignedWithTheCertificateKeyAndVerifiesWithItsPublicKey() throws Exception {
    String jwt =
        ClientAssertion.sign(CRED, "client-1", "https://login/t/oauth2/v2.0/token", 1000, "j1");

    String[] parts = jwt.split("\\.");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(CertificateFixtures.CERT.getPublicKey());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void headerNamesTheCertificateByThumbprintAndClaimsNameTheClientAndEndpoint() throws Exception {
    String jwt =
        ClientAssertion.sign(CRED, "client-1", "https://login/t/oauth2/v2.0/token", 1000, "j1");

    JsonObject header = part(jwt, 0);
    JsonObject claims = part(jwt, 1);
    String thumbprint =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-1").digest(CertificateFixtures.CERT.getEncoded()));
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(header.getString("x5t")).isEqualTo(thumbprint);
    assertThat(claims.getString("iss")).isEqualTo("client-1");
    assertThat(claims.getString("sub")).isEqualTo("client-1");
    assertThat(claims.getString("aud")).isEqualTo("https://login/t/oauth2/v2.0/token");
    assertThat(claims.getString("jti")).isEqualTo("j1");
    assertThat(claims.getLong("nbf")).isEqualTo(1000);
    assertThat(claims.getLong("exp")).isEqualTo(1000 + ClientAssertion.LIFETIME_SECONDS);
  }

  @Test
  void quotesAndControlCharactersInValuesStayInsideTheirJsonString() {
    String jwt = ClientAssertion.sign(CRED, "a\"b\\c\n", "aud", 1, "j");

    assertThat(part(jwt, 1).getString("iss")).isEqualTo("a\"b\\c\n");
  }
}
