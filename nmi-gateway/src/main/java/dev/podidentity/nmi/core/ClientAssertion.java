package dev.podidentity.nmi.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;

/**
 * The signed JWT a certificate service principal sends to Entra instead of a secret ({@code
 * client_assertion}, RFC 7523): RS256, header {@code x5t} = the certificate's SHA-1 thumbprint,
 * {@code iss} = {@code sub} = the client id, {@code aud} = the token endpoint, valid 10 minutes.
 */
public final class ClientAssertion {
  public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** Entra accepts assertions up to 10 minutes old; a fresh one is made per token call. */
  static final long LIFETIME_SECONDS = 600;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private ClientAssertion() {}

  public static String sign(
      ServicePrincipalCredential.Certificate credential,
      String clientId,
      String audience,
      long nowEpochSeconds,
      String jwtId) {
    try {
      String thumbprint =
          B64.encodeToString(
              MessageDigest.getInstance("SHA-1").digest(credential.certificate().getEncoded()));
      String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":" + json(thumbprint) + "}";
      String claims =
          "{\"aud\":"
              + json(audience)
              + ",\"iss\":"
              + json(clientId)
              + ",\"sub\":"
              + json(clientId)
              + ",\"jti\":"
              + json(jwtId)
              + ",\"nbf\":"
              + nowEpochSeconds
              + ",\"iat\":"
              + nowEpochSeconds
              + ",\"exp\":"
              + (nowEpochSeconds + LIFETIME_SECONDS)
              + "}";
      String signingInput = b64(header) + "." + b64(claims);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(credential.privateKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new CredentialException(
          "cannot sign a client assertion with the certificate's key (RSA expected): "
              + e.getClass().getSimpleName());
    }
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON string literal; the values are ids and URLs, but never trust that blindly. */
  static String json(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
