package dev.podidentity.nmi.core;

import dev.podidentity.events.IdentityType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a service principal proves itself to Entra, read from its Kubernetes Secret with
 * aad-pod-identity's keys: type 1 {@code clientSecret}; type 2 {@code certificate} (PKCS#12 with
 * the key {@code password} holding its password, or PEM with a certificate and a PKCS#8 private
 * key).
 */
public sealed interface ServicePrincipalCredential {
  String CLIENT_SECRET_KEY = "clientSecret";
  String CERTIFICATE_KEY = "certificate";
  String PASSWORD_KEY = "password";

  /** Type 1: a client secret. {@code toString} hides it. */
  record Secret(String value) implements ServicePrincipalCredential {
    @Override
    public String toString() {
      return "Secret[***]";
    }
  }

  /**
   * A federated identity's proof: the pod's service-account token, sent as the client assertion as
   * it is (Entra checks it against the identity's federated credentials). {@code toString} hides
   * it.
   */
  record Assertion(String jwt) implements ServicePrincipalCredential {
    @Override
    public String toString() {
      return "Assertion[***]";
    }
  }

  /** Type 2: a certificate and its private key (RSA), to sign client assertions. */
  record Certificate(X509Certificate certificate, PrivateKey privateKey)
      implements ServicePrincipalCredential {
    @Override
    public String toString() {
      return "Certificate[" + certificate.getSubjectX500Principal() + "]";
    }
  }

  /**
   * The credential of an identity of {@code type} from its Secret's {@code data} (decoded bytes).
   * {@code secretName} ({@code namespace/name}) only goes into error messages.
   *
   * @throws CredentialException naming what is missing or unreadable
   */
  static ServicePrincipalCredential from(
      IdentityType type, Map<String, byte[]> data, String secretName) {
    Map<String, byte[]> d = data == null ? Map.of() : data;
    if (type == IdentityType.SERVICE_PRINCIPAL) {
      byte[] secret = d.get(CLIENT_SECRET_KEY);
      if (secret == null || new String(secret, StandardCharsets.UTF_8).isBlank()) {
        throw new CredentialException(
            "Secret " + secretName + " has no data key '" + CLIENT_SECRET_KEY + "'");
      }
      // kubectl create secret --from-file often leaves a trailing newline; Entra would refuse it.
      return new Secret(new String(secret, StandardCharsets.UTF_8).strip());
    }
    if (type == IdentityType.SERVICE_PRINCIPAL_CERTIFICATE) {
      byte[] cert = d.get(CERTIFICATE_KEY);
      if (cert == null || cert.length == 0) {
        throw new CredentialException(
            "Secret " + secretName + " has no data key '" + CERTIFICATE_KEY + "'");
      }
      byte[] password = d.get(PASSWORD_KEY);
      return Pem.looksLikePem(cert)
          ? Pem.read(new String(cert, StandardCharsets.US_ASCII), secretName)
          : pkcs12(
              cert,
              password == null ? "" : new String(password, StandardCharsets.UTF_8).strip(),
              secretName);
    }
    throw new CredentialException("identity type " + type + " is not a service principal");
  }

  private static Certificate pkcs12(byte[] bytes, String password, String secretName) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(bytes), password.toCharArray());
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)
            && store.getKey(alias, password.toCharArray()) instanceof PrivateKey key
            && store.getCertificate(alias) instanceof X509Certificate x509) {
          return new Certificate(x509, key);
        }
      }
      throw new CredentialException(
          "Secret " + secretName + ": the PKCS#12 certificate holds no private key");
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new CredentialException(
          "Secret "
              + secretName
              + ": cannot read the PKCS#12 certificate (wrong '"
              + PASSWORD_KEY
              + "' or not PKCS#12/PEM): "
              + e.getClass().getSimpleName());
    }
  }

  /** PEM: the first certificate and a PKCS#8 private key ({@code BEGIN PRIVATE KEY}). */
  final class Pem {
    private static final Pattern BLOCK =
        Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private Pem() {}

    static boolean looksLikePem(byte[] bytes) {
      return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII)
          .contains("-----BEGIN ");
    }

    static Certificate read(String text, String secretName) {
      X509Certificate cert = null;
      PrivateKey key = null;
      Matcher m = BLOCK.matcher(text);
      try {
        while (m.find()) {
          byte[] der = Base64.getMimeDecoder().decode(m.group(2));
          String kind = m.group(1);
          if (kind.equals("CERTIFICATE") && cert == null) {
            cert = x509(der);
          } else if (kind.equals("PRIVATE KEY")) {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
          } else if (kind.endsWith("PRIVATE KEY")) {
            throw new CredentialException(
                "Secret "
                    + secretName
                    + ": the private key is '"
                    + kind
                    + "'; convert it to PKCS#8 (BEGIN PRIVATE KEY) or use PKCS#12");
          }
        }
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new CredentialException(
            "Secret "
                + secretName
                + ": cannot read the PEM certificate: "
                + e.getClass().getSimpleName());
      }
      if (cert == null || key == null) {
        throw new CredentialException(
            "Secret "
                + secretName
                + ": the PEM in '"
                + CERTIFICATE_KEY
                + "' needs a CERTIFICATE and a PRIVATE KEY block");
      }
      return new Certificate(cert, key);
    }

    private static X509Certificate x509(byte[] der) throws GeneralSecurityException {
      if (CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
          instanceof X509Certificate x) {
        return x;
      }
      throw new GeneralSecurityException("not an X.509 certificate");
    }
  }
}
