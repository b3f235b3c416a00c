package dev.podidentity.azuresim.tokens;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate made at start (SAN IP:127.0.0.1 and DNS:localhost), and the
 * trust files clients load: a PEM certificate and a PKCS12 trust store.
 */
public final class TlsMaterial {

  /** Password of the PKCS12 trust store; it protects nothing secret (a public certificate). */
  public static final String TRUST_STORE_PASSWORD = "changeit";

  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final Path pemPath;
  private final Path pkcs12Path;

  private TlsMaterial(KeyPair keyPair, X509Certificate certificate, Path pem, Path p12) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.pemPath = pem;
    this.pkcs12Path = p12;
  }

  /** Makes a key and certificate and writes the trust files into {@code dir}. */
  public static TlsMaterial create(Path dir) {
    try {
      KeyPair kp = rsaKeyPair();
      X509Certificate cert = selfSigned(kp, "CN=azure-simulator", true);
      Files.createDirectories(dir);
      Path pem = dir.resolve("azure-simulator-ca.pem");
      Files.writeString(pem, toPem(cert));
      Path p12 = dir.resolve("azure-simulator-truststore.p12");
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("azure-simulator", cert);
      try (OutputStream out = Files.newOutputStream(p12)) {
        ks.store(out, TRUST_STORE_PASSWORD.toCharArray());
      }
      return new TlsMaterial(kp, cert, pem, p12);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create TLS material", e);
    }
  }

  public static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048, new SecureRandom());
    return gen.generateKeyPair();
  }

  /** A self-signed certificate; with {@code server} it carries the loopback SANs. */
  public static X509Certificate selfSigned(KeyPair kp, String subject, boolean server)
      throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      X500Name name = new X500Name(subject);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              name,
              kp.getPublic());
      if (server) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      }
      X509CertificateHolder holder =
          b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException(e);
    }
  }

  public static String toPem(Object object) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return sw.toString();
  }

  public String certificatePem() {
    return toPem(certificate);
  }

  /** PKCS#8, which every PEM reader (Vert.x included) accepts. */
  public String privateKeyPem() {
    return "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(keyPair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  public byte[] certificatePemBytes() {
    return certificatePem().getBytes(StandardCharsets.US_ASCII);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Path pemPath() {
    return pemPath;
  }

  public Path pkcs12Path() {
    return pkcs12Path;
  }
}
