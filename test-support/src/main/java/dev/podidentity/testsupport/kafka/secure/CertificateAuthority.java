package dev.podidentity.testsupport.kafka.secure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A certificate authority for a test or local broker, kept in one directory so later test JVMs and
 * other processes (the local stack's launcher) reuse it and issue more certificates. Files, named
 * as Strimzi's Secrets name them:
 *
 * <pre>
 *   ca.crt ca.p12 ca.password          what clients trust (the cluster CA Secret)
 *   ca-key.p12 ca-key.password         the CA's own key; only this class reads it
 *   servers/&lt;cn&gt;/user.{crt,key,p12,password}   broker certificates
 *   users/&lt;cn&gt;/user.{crt,key,p12,password}     client certificates (a user Secret each)
 * </pre>
 */
public final class CertificateAuthority {
  private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path dir;
  private final X509Certificate caCertificate;
  private final TruststoreFiles truststore;
  private final Map<String, CertificateFiles> issued = new ConcurrentHashMap<>();

  /** Read from {@code ca-key.p12} only when a certificate is issued: a reused CA never needs it. */
  private PrivateKey caKey;

  private CertificateAuthority(
      Path dir, PrivateKey caKey, X509Certificate caCertificate, TruststoreFiles truststore) {
    this.dir = dir;
    this.caKey = caKey;
    this.caCertificate = caCertificate;
    this.truststore = truststore;
  }

  /**
   * The CA of {@code dir}: loaded if one was made there before and is valid for another week, made
   * and written otherwise (dropping what an old one issued). Loading costs tens of milliseconds
   * where making costs hundreds (first use of the signing code, PKCS12's key derivation), which is
   * why the embedded broker keeps its CA across runs.
   */
  public static CertificateAuthority open(Path dir, String caName) {
    try {
      Files.createDirectories(dir);
      synchronized (CertificateAuthority.class) {
        try (FileChannel channel = lockFile(dir);
            FileLock lock = channel.lock()) {
          Optional<CertificateAuthority> existing = load(dir);
          return existing.isPresent() ? existing.get() : create(dir, caName);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the certificate authority in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the certificate authority in " + dir, e);
    }
  }

  public TruststoreFiles truststore() {
    return truststore;
  }

  /** Where the CA and what it issued live. */
  public Path directory() {
    return dir;
  }

  /** A broker certificate for {@code 127.0.0.1} and {@code localhost} (clients verify both). */
  public CertificateFiles server(String commonName) {
    return issue("servers", commonName, Pki.Kind.SERVER);
  }

  /**
   * A client certificate with subject {@code CN=<commonName>}, made once and then reused (also
   * across processes sharing the directory); Kafka's principal for it is {@code
   * User:CN=<commonName>}.
   */
  public CertificateFiles client(String commonName) {
    return issue("users", commonName, Pki.Kind.CLIENT);
  }

  private CertificateFiles issue(String sub, String commonName, Pki.Kind kind) {
    if (!COMMON_NAME.matcher(commonName).matches()) {
      // The name becomes a directory and a distinguished name: no separators or DN syntax.
      throw new IllegalArgumentException("not a plain common name: " + commonName);
    }
    return issued.computeIfAbsent(sub + "/" + commonName, k -> write(sub, commonName, kind));
  }

  private CertificateFiles write(String sub, String commonName, Pki.Kind kind) {
    synchronized (CertificateAuthority.class) {
      return writeLocked(sub, commonName, kind);
    }
  }

  private CertificateFiles writeLocked(String sub, String commonName, Pki.Kind kind) {
    Path out = dir.resolve(sub).resolve(commonName);
    Path passwordFile = out.resolve("user.password");
    try (FileChannel channel = lockFile(dir);
        FileLock lock = channel.lock()) {
      if (!Files.exists(passwordFile) || !Files.exists(out.resolve("user.pem"))) {
        Files.createDirectories(out);
        KeyPair keys = Pki.keyPair();
        X509Certificate cert = Pki.certificate(kind, commonName, keys, caCertificate, caKey());
        String password = Pki.password();
        Pki.writeKeyStore(
            out.resolve("user.p12"),
            commonName,
            keys.getPrivate(),
            new Certificate[] {cert, caCertificate},
            password);
        String certPem = Pki.pem("CERTIFICATE", cert.getEncoded());
        String keyPem = Pki.pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        Files.writeString(out.resolve("user.crt"), certPem);
        Files.writeString(out.resolve("user.key"), keyPem);
        Files.writeString(
            out.resolve("user.pem"),
            keyPem + certPem + Pki.pem("CERTIFICATE", caCertificate.getEncoded()));
        // Written last: its presence means the other files are complete.
        Files.writeString(passwordFile, password);
      }
      return new CertificateFiles(
          commonName,
          out.resolve("user.p12"),
          Files.readString(passwordFile).trim(),
          out.resolve("user.crt"),
          out.resolve("user.key"),
          out.resolve("user.pem"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the certificate of " + commonName, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  /**
   * Processes sharing the directory take turns; threads of one process too (a new channel each).
   */
  private static FileChannel lockFile(Path dir) throws IOException {
    return FileChannel.open(
        dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private static Optional<CertificateAuthority> load(Path dir)
      throws IOException, GeneralSecurityException {
    if (!Files.exists(dir.resolve("ca-key.password"))) {
      return Optional.empty();
    }
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(7)))) {
      return Optional.empty();
    }
    TruststoreFiles trust =
        new TruststoreFiles(
            dir.resolve("ca.p12"),
            Files.readString(dir.resolve("ca.password")).trim(),
            dir.resolve("ca.crt"));
    return Optional.of(new CertificateAuthority(dir, null, cert, trust));
  }

  private PrivateKey caKey() throws IOException, GeneralSecurityException {
    if (caKey == null) {
      char[] password = Files.readString(dir.resolve("ca-key.password")).trim().toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve("ca-key.p12"))) {
        ks.load(in, password);
      }
      caKey = (PrivateKey) ks.getKey("ca", password);
    }
    return caKey;
  }

  private static CertificateAuthority create(Path dir, String caName)
      throws IOException, GeneralSecurityException {
    for (String sub : List.of("servers", "users")) {
      deleteTree(dir.resolve(sub));
    }
    Files.deleteIfExists(dir.resolve("ca-key.password"));
    KeyPair keys = Pki.keyPair();
    X509Certificate cert = Pki.certificate(Pki.Kind.CA, caName, keys, null, null);
    TruststoreFiles trust =
        new TruststoreFiles(dir.resolve("ca.p12"), Pki.password(), dir.resolve("ca.crt"));
    Pki.writeTrustStore(trust.truststore(), cert, trust.password());
    Files.writeString(dir.resolve("ca.password"), trust.password());
    Files.writeString(trust.certificate(), Pki.pem("CERTIFICATE", cert.getEncoded()));
    String keyPassword = Pki.password();
    Pki.writeKeyStore(
        dir.resolve("ca-key.p12"), "ca", keys.getPrivate(), new Certificate[] {cert}, keyPassword);
    // Written last: its presence means the CA is complete.
    Files.writeString(dir.resolve("ca-key.password"), keyPassword);
    return new CertificateAuthority(dir, keys.getPrivate(), cert, trust);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
