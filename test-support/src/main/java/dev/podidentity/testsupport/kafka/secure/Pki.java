package dev.podidentity.testsupport.kafka.secure;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys, X.509 certificates (BouncyCastle), PKCS12 and PEM files for {@link CertificateAuthority}.
 */
final class Pki {
  static final Duration VALIDITY = Duration.ofDays(365);

  /**
   * EC P-256: a key takes about a millisecond to make where RSA 2048 takes tens, which keeps the
   * broker's start cheap; every JDK and Kafka client in use speaks ECDSA.
   */
  private static final String SIGNATURE = "SHA256withECDSA";

  private static final SecureRandom RANDOM = new SecureRandom();

  enum Kind {
    CA,
    SERVER,
    CLIENT
  }

  private Pki() {}

  static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return gen.generateKeyPair();
  }

  /**
   * A certificate for {@code CN=<commonName>} signed by the issuer ({@code null}: self-signed CA).
   * Servers get the loopback SANs clients verify (IP:127.0.0.1, DNS:localhost) and serverAuth;
   * clients get clientAuth only, so a client certificate cannot serve a broker.
   */
  static X509Certificate certificate(
      Kind kind, String commonName, KeyPair keys, X509Certificate issuer, PrivateKey issuerKey)
      throws GeneralSecurityException {
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + commonName);
    X509v3CertificateBuilder b =
        issuer == null
            ? new JcaX509v3CertificateBuilder(
                subject, serial(), from(now), to(now), subject, keys.getPublic())
            : new JcaX509v3CertificateBuilder(
                issuer, serial(), from(now), to(now), subject, keys.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      if (kind == Kind.CA) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(
            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            kind == Kind.SERVER
                ? new ExtendedKeyUsage(
                    new KeyPurposeId[] {
                      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    })
                : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      }
      if (kind == Kind.SERVER) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
      }
      PrivateKey signer = issuer == null ? keys.getPrivate() : issuerKey;
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static Date from(Instant now) {
    // An hour back: a clock a little behind must not see "not yet valid".
    return Date.from(now.minus(Duration.ofHours(1)));
  }

  private static Date to(Instant now) {
    return Date.from(now.plus(VALIDITY));
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  /** Random, URL-safe: it goes into JAAS strings and properties files unquoted and unescaped. */
  static String password() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static void writeKeyStore(
      Path file, String alias, PrivateKey key, Certificate[] chain, String password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(alias, key, password.toCharArray(), chain);
    store(ks, file, password);
  }

  static void writeTrustStore(Path file, X509Certificate ca, String password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca);
    store(ks, file, password);
  }

  private static void store(KeyStore ks, Path file, String password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, password.toCharArray());
    }
  }

  /** {@code CERTIFICATE} or {@code PRIVATE KEY} (PKCS#8, which Kafka's PEM support reads). */
  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
