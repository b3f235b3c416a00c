package dev.podidentity.nmi.core;

import dev.podidentity.azuresim.tokens.TlsMaterial;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** A service principal's certificate in the forms a Secret may hold it (made once, RSA 2048). */
public final class CertificateFixtures {
  public static final KeyPair KEYS;
  public static final X509Certificate CERT;

  static {
    try {
      KEYS = TlsMaterial.rsaKeyPair();
      CERT = TlsMaterial.selfSigned(KEYS, "CN=sp-test", false);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CertificateFixtures() {}

  public static String certificatePem() {
    return TlsMaterial.toPem(CERT);
  }

  /** A PEM bundle: PKCS#8 private key and the certificate, as {@code openssl} writes them. */
  public static byte[] pemBundle() {
    String key =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(KEYS.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return (key + certificatePem()).getBytes(StandardCharsets.US_ASCII);
  }

  /** A PFX with the key and certificate under {@code password}. */
  public static byte[] pkcs12(String password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("sp", KEYS.getPrivate(), password.toCharArray(), new X509Certificate[] {CERT});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password.toCharArray());
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
