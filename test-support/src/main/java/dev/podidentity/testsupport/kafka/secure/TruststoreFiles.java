package dev.podidentity.testsupport.kafka.secure;

import java.nio.file.Path;

/**
 * A CA certificate clients trust, laid out as Strimzi's cluster CA Secret holds it: {@code ca.p12}
 * (PKCS12 trust store), {@code ca.password} and {@code ca.crt} (PEM; Kafka reads it as a trust
 * store with {@code ssl.truststore.type=PEM} and no password).
 */
public record TruststoreFiles(Path truststore, String password, Path certificate) {
  public static final String TYPE = "PKCS12";
}
