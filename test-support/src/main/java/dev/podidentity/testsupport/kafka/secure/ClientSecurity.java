package dev.podidentity.testsupport.kafka.secure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka client settings for the secured listeners, in the three spellings the project uses: plain
 * client properties ({@code security.protocol}), Quarkus properties ({@code
 * kafka.security.protocol}) and environment variables ({@code KAFKA_SECURITY_PROTOCOL}, which
 * Quarkus maps back to {@code kafka.security.protocol}).
 */
public final class ClientSecurity {
  public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
  public static final String PLAIN = "PLAIN";

  private ClientSecurity() {}

  /** SASL_SSL with SCRAM-SHA-512, as a Strimzi scram-sha-512 user connects. */
  public static Map<String, String> scram(
      String bootstrap, TruststoreFiles trust, String user, String password) {
    Map<String, String> p = tls(bootstrap, "SASL_SSL", trust);
    p.put("sasl.mechanism", SCRAM_SHA_512);
    p.put("sasl.jaas.config", scramJaas(user, password));
    return p;
  }

  /**
   * SASL_SSL with PLAIN: Azure Event Hubs' form, with user {@code $ConnectionString} and the
   * namespace's connection string as the password. (Against Event Hubs itself no trust store is
   * needed: its certificate chains to a public CA the JVM trusts.)
   */
  public static Map<String, String> plain(
      String bootstrap, TruststoreFiles trust, String user, String password) {
    Map<String, String> p = tls(bootstrap, "SASL_SSL", trust);
    p.put("sasl.mechanism", PLAIN);
    p.put("sasl.jaas.config", plainJaas(user, password));
    return p;
  }

  /** Mutual TLS, as a Strimzi tls user connects: the principal comes from the certificate. */
  public static Map<String, String> mtls(
      String bootstrap, TruststoreFiles trust, CertificateFiles client) {
    Map<String, String> p = tls(bootstrap, "SSL", trust);
    p.put("ssl.keystore.location", client.keystore().toString());
    p.put("ssl.keystore.password", client.password());
    p.put("ssl.keystore.type", CertificateFiles.TYPE);
    return p;
  }

  public static String scramJaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username="
        + SecuredListeners.quote(user)
        + " password="
        + SecuredListeners.quote(password)
        + ";";
  }

  public static String plainJaas(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username="
        + SecuredListeners.quote(user)
        + " password="
        + SecuredListeners.quote(password)
        + ";";
  }

  /** {@code security.protocol=SSL} → {@code kafka.security.protocol=SSL}. */
  public static Map<String, String> quarkus(Map<String, String> client) {
    Map<String, String> q = new LinkedHashMap<>();
    client.forEach((k, v) -> q.put("kafka." + k, v));
    return q;
  }

  /** {@code security.protocol=SSL} → {@code KAFKA_SECURITY_PROTOCOL=SSL}. */
  public static Map<String, String> environment(Map<String, String> client) {
    Map<String, String> env = new LinkedHashMap<>();
    client.forEach((k, v) -> env.put("KAFKA_" + k.toUpperCase(Locale.ROOT).replace('.', '_'), v));
    return env;
  }

  private static Map<String, String> tls(String bootstrap, String protocol, TruststoreFiles trust) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("security.protocol", protocol);
    p.put("ssl.truststore.location", trust.truststore().toString());
    p.put("ssl.truststore.password", trust.password());
    p.put("ssl.truststore.type", TruststoreFiles.TYPE);
    return p;
  }
}
