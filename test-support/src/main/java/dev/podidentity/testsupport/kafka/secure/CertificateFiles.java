package dev.podidentity.testsupport.kafka.secure;

import java.nio.file.Path;

/**
 * A certificate and its private key on disk, laid out as a Strimzi user Secret holds them: {@code
 * user.p12} (PKCS12 key store) with its password ({@code user.password}), and the PEM files {@code
 * user.crt} and {@code user.key} (PKCS#8, unencrypted). {@code user.pem} holds the key and the
 * chain in one file, what Kafka's {@code ssl.keystore.type=PEM} reads from {@code
 * ssl.keystore.location} (no password, and no PKCS12 key derivation on every load).
 *
 * @param commonName the subject's CN; the whole subject is {@code CN=<commonName>}
 */
public record CertificateFiles(
    String commonName,
    Path keystore,
    String password,
    Path certificate,
    Path privateKey,
    Path pem) {

  public static final String TYPE = "PKCS12";

  /**
   * The principal Kafka derives from this certificate on an SSL listener with the default {@code
   * ssl.principal.mapping.rules=DEFAULT}: the subject's distinguished name as RFC 2253 writes it,
   * so {@code User:CN=<commonName>}, the form Strimzi's tls users have.
   */
  public String principal() {
    return "User:CN=" + commonName;
  }
}
