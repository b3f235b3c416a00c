package dev.podidentity.testsupport.kafka.secure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker settings for the two secured listeners and the authorizer, shared by the embedded
 * broker of the tests and the standalone broker of the local stack:
 *
 * <ul>
 *   <li>{@value #SASL_SSL}: TLS with SASL, mechanisms SCRAM-SHA-512 (users made through the Admin
 *       API) and PLAIN (Azure Event Hubs' form; the users are static, see {@link #plainUsers});
 *   <li>{@value #MTLS}: TLS with {@code ssl.client.auth=required}; the principal is the client
 *       certificate's subject, {@code User:CN=<name>};
 *   <li>the StandardAuthorizer with no access unless an ACL grants it, except for the super users:
 *       {@code User:ANONYMOUS} (whoever uses the PLAINTEXT listener, so tests written before
 *       security keep full access), {@code User:admin} (SASL) and {@code User:CN=podidentity-admin}
 *       (mTLS).
 * </ul>
 */
public final class SecuredListeners {
  /** Listener names; the SASL_SSL listener has the name of its protocol. */
  public static final String SASL_SSL = "SASL_SSL";

  public static final String MTLS = "MTLS";

  /** The SASL super user (SCRAM and PLAIN); its password is made per broker. */
  public static final String ADMIN = "admin";

  /** The mTLS super user's certificate common name. */
  public static final String ADMIN_CN = "podidentity-admin";

  /** Azure Event Hubs' SASL PLAIN user name; the password is the namespace's connection string. */
  public static final String EVENT_HUBS_USER = "$ConnectionString";

  /** A connection string of Event Hubs' shape (not a real key), the PLAIN password of that user. */
  public static final String EVENT_HUBS_CONNECTION_STRING =
      "Endpoint=sb://podidentity-test.servicebus.windows.net/;"
          + "SharedAccessKeyName=RootManageSharedAccessKey;"
          + "SharedAccessKey=bm90LWEtcmVhbC1rZXktb25seS1mb3ItdGVzdHM=";

  public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  private SecuredListeners() {}

  /** {@code SASL_SSL://host:port,MTLS://host:port}; port 0 lets the broker pick. */
  public static String listeners(String host, int saslSslPort, int mtlsPort) {
    return SASL_SSL + "://" + host + ":" + saslSslPort + "," + MTLS + "://" + host + ":" + mtlsPort;
  }

  /** The entries of {@code listener.security.protocol.map} for the two listeners. */
  public static String protocolMap() {
    return SASL_SSL + ":SASL_SSL," + MTLS + ":SSL";
  }

  /** The PLAIN users the SASL_SSL listener accepts, and their passwords. */
  public static Map<String, String> plainUsers(String adminPassword) {
    return Map.of(ADMIN, adminPassword, EVENT_HUBS_USER, EVENT_HUBS_CONNECTION_STRING);
  }

  /** Everything but the listener addresses: TLS material, SASL, client auth, the authorizer. */
  public static Map<String, String> settings(
      CertificateFiles broker, TruststoreFiles trust, String adminPassword) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("authorizer.class.name", AUTHORIZER);
    s.put("super.users", "User:ANONYMOUS;User:" + ADMIN + ";User:CN=" + ADMIN_CN);
    s.put("allow.everyone.if.no.acl.found", "false");
    // Broker-wide TLS settings apply to every TLS listener; the PLAINTEXT ones ignore them. PEM,
    // not PKCS12: the broker loads each store once per listener, and PKCS12's key derivation
    // (10,000 rounds per load, in a JVM that has not compiled it yet) is most of what TLS costs
    // at start.
    s.put("ssl.keystore.type", "PEM");
    s.put("ssl.keystore.location", broker.pem().toString());
    s.put("ssl.truststore.type", "PEM");
    s.put("ssl.truststore.location", trust.certificate().toString());
    s.put(prefix(MTLS) + "ssl.client.auth", "required");
    String sasl = prefix(SASL_SSL);
    s.put(sasl + "sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
    s.put(
        sasl + "scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    StringBuilder plain =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    plainUsers(adminPassword)
        .forEach(
            (user, password) ->
                plain.append(" user_").append(user).append("=").append(quote(password)));
    s.put(sasl + "plain.sasl.jaas.config", plain.append(';').toString());
    return s;
  }

  private static String prefix(String listener) {
    return "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
  }

  /** A JAAS option value: quoted, with quotes and backslashes escaped. */
  public static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
