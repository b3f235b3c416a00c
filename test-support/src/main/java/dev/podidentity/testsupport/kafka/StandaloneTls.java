package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.secure.CertificateAuthority;
import dev.podidentity.testsupport.kafka.secure.CertificateFiles;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secured side of a standalone broker ({@code kafka-broker start --tls}): the same listeners,
 * authorizer and certificates as the embedded broker's ({@link SecuredListeners}), with the
 * material in {@code <dir>/tls/} where other processes (the local stack) find it:
 *
 * <pre>
 *   tls/ca.crt ca.p12 ca.password         trust (Strimzi's cluster CA Secret layout)
 *   tls/users/&lt;cn&gt;/user.*               client certificates, made on demand
 *   tls/admin.password                    the SASL super user's (admin) password
 *   tls/admin-mtls.properties             client settings for Kafka's CLI tools (--command-config)
 *   tls/admin-scram.properties
 *   bootstrap-mtls, bootstrap-sasl-ssl    the listeners' addresses (bootstrap stays PLAINTEXT)
 * </pre>
 */
final class StandaloneTls {
  private static final String CA_NAME = "podidentity-local-ca";

  private StandaloneTls() {}

  /** The listeners' ports: the PLAINTEXT port + 1 (mTLS) and + 2 (SASL_SSL), or free ones. */
  record Ports(int mtls, int saslSsl) {
    static Ports after(int plaintextPort, boolean chosenByUser) throws IOException {
      return chosenByUser
          ? new Ports(plaintextPort + 1, plaintextPort + 2)
          : new Ports(LoopbackPorts.free(), LoopbackPorts.free());
    }
  }

  /** The lines {@code server.properties} gets for the secured listeners, the CA made if needed. */
  static List<String> serverProperties(Path dir) throws IOException {
    Path tls = dir.resolve("tls");
    CertificateAuthority ca = CertificateAuthority.open(tls, CA_NAME);
    CertificateFiles broker = ca.server("kafka-broker");
    List<String> lines = new ArrayList<>();
    SecuredListeners.settings(broker, ca.truststore(), adminPassword(tls))
        .forEach((k, v) -> lines.add(k + "=" + escape(v)));
    return lines;
  }

  static String listeners(Ports ports) {
    return SecuredListeners.listeners("127.0.0.1", ports.saslSsl(), ports.mtls());
  }

  /**
   * Once the broker listens: the SCRAM super user (through the PLAINTEXT listener, whose anonymous
   * user is a super user), the bootstrap files and the CLI client settings.
   */
  static SecuredKafka started(Path dir, String plaintext, Ports ports) throws IOException {
    String mtls = "127.0.0.1:" + ports.mtls();
    String saslSsl = "127.0.0.1:" + ports.saslSsl();
    Files.writeString(dir.resolve("bootstrap-mtls"), mtls);
    Files.writeString(dir.resolve("bootstrap-sasl-ssl"), saslSsl);
    SecuredKafka secured = open(dir, plaintext, saslSsl, mtls);
    secured.scramUser(SecuredListeners.ADMIN, secured.adminPassword());
    Path tls = dir.resolve("tls");
    write(
        tls.resolve("admin-mtls.properties"),
        secured.mtlsClientProperties(SecuredListeners.ADMIN_CN));
    write(
        tls.resolve("admin-scram.properties"),
        secured.scramClientProperties(SecuredListeners.ADMIN, secured.adminPassword()));
    return secured;
  }

  /** The secured listeners of the broker of {@code dir}, if it was started with TLS. */
  static Optional<SecuredKafka> find(Path dir, String plaintext) {
    if (!Files.exists(dir.resolve("bootstrap-mtls"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          open(
              dir,
              plaintext,
              Files.readString(dir.resolve("bootstrap-sasl-ssl")).trim(),
              Files.readString(dir.resolve("bootstrap-mtls")).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets a former TLS start, so a plain restart is not mistaken for a TLS one. */
  static void clear(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve("bootstrap-mtls"));
    Files.deleteIfExists(dir.resolve("bootstrap-sasl-ssl"));
  }

  private static SecuredKafka open(Path dir, String plaintext, String saslSsl, String mtls)
      throws IOException {
    Path tls = dir.resolve("tls");
    return new SecuredKafka(
        plaintext, saslSsl, mtls, CertificateAuthority.open(tls, CA_NAME), adminPassword(tls));
  }

  /** Kept across restarts, so client settings written once stay valid. */
  private static String adminPassword(Path tls) throws IOException {
    Path file = tls.resolve("admin.password");
    if (!Files.exists(file)) {
      Files.createDirectories(tls);
      Files.writeString(file, "admin-" + java.util.UUID.randomUUID());
    }
    return Files.readString(file).trim();
  }

  private static void write(Path file, Map<String, String> props) throws IOException {
    StringBuilder text = new StringBuilder("# Kafka client settings (e.g. --command-config)\n");
    props.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
    Files.writeString(file, text.toString());
  }

  /** A properties-file value: backslashes doubled (JAAS strings and Windows paths keep them). */
  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  /** For {@code status} and {@code start}: the secured listeners in one line each. */
  static List<String> describe(SecuredKafka s, Path dir) {
    return List.of(
        "mTLS     "
            + s.mtlsBootstrap()
            + "  (client settings "
            + dir.resolve("tls/admin-mtls.properties")
            + ")",
        "SASL_SSL "
            + s.saslSslBootstrap()
            + "  (client settings "
            + dir.resolve("tls/admin-scram.properties")
            + ")",
        "CA       " + s.truststore().certificate() + "  (" + s.truststore().truststore() + ")");
  }
}
