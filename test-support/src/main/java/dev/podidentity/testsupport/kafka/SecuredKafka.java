package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.secure.CertificateAuthority;
import dev.podidentity.testsupport.kafka.secure.CertificateFiles;
import dev.podidentity.testsupport.kafka.secure.ClientSecurity;
import dev.podidentity.testsupport.kafka.secure.KafkaUserManifest;
import dev.podidentity.testsupport.kafka.secure.KafkaUserManifests;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import dev.podidentity.testsupport.kafka.secure.TruststoreFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.Awaitility;

/**
 * The secured listeners of the shared embedded broker ({@link SharedKafka#secured()}), and what a
 * test needs to use them: bootstrap addresses, users, certificates, client settings and ACLs.
 *
 * <ul>
 *   <li>SASL_SSL ({@link #saslSslBootstrap()}): SCRAM-SHA-512 users made with {@link #scramUser},
 *       and the static PLAIN users {@code admin} and Event Hubs' {@code $ConnectionString}; the
 *       principal is {@code User:<name>};
 *   <li>mutual TLS ({@link #mtlsBootstrap()}): a certificate per principal from {@link
 *       #clientCertificate}; the principal is {@code User:CN=<name>};
 *   <li>PLAINTEXT ({@link #plaintextBootstrap()}), unchanged: {@code User:ANONYMOUS}, a super user.
 * </ul>
 *
 * Every principal but the super users ({@code ANONYMOUS}, {@code admin}, {@code
 * CN=podidentity-admin}) may do only what ACLs grant: {@link #grantAsManifest} gives a principal
 * exactly the ACLs of its Strimzi KafkaUser, {@link #applyAcls} any others. ACLs live in the shared
 * broker for the rest of the JVM, so use a principal of your own for ad-hoc grants.
 */
public final class SecuredKafka {
  private static final Duration PROPAGATION = Duration.ofSeconds(30);

  /** How a client authenticates. */
  public enum Auth {
    /** SASL_SSL with SCRAM-SHA-512: a Strimzi {@code scram-sha-512} user. */
    SCRAM,
    /** SASL_SSL with PLAIN: Azure Event Hubs' form. */
    PLAIN,
    /** SSL with a client certificate: a Strimzi {@code tls} user. */
    MTLS
  }

  private final String plaintext;
  private final String saslSsl;
  private final String mtls;
  private final CertificateAuthority ca;
  private final String adminPassword;
  private final Map<String, String> scramPasswords = new ConcurrentHashMap<>();

  SecuredKafka(
      String plaintext,
      String saslSsl,
      String mtls,
      CertificateAuthority ca,
      String adminPassword) {
    this.plaintext = plaintext;
    this.saslSsl = saslSsl;
    this.mtls = mtls;
    this.ca = ca;
    this.adminPassword = adminPassword;
  }

  public String plaintextBootstrap() {
    return plaintext;
  }

  public String saslSslBootstrap() {
    return saslSsl;
  }

  public String mtlsBootstrap() {
    return mtls;
  }

  /**
   * The CA that signed the broker's certificate: {@code ca.p12}, its password and {@code ca.crt}.
   */
  public TruststoreFiles truststore() {
    return ca.truststore();
  }

  /** A client certificate with subject {@code CN=<commonName>}, made on first use. */
  public CertificateFiles clientCertificate(String commonName) {
    return ca.client(commonName);
  }

  CertificateAuthority certificateAuthority() {
    return ca;
  }

  /** The password of the SASL super user {@code admin} (SCRAM and PLAIN). */
  public String adminPassword() {
    return adminPassword;
  }

  /**
   * Creates (or changes) a SCRAM-SHA-512 user through the Admin API and waits until the broker
   * knows it. Its principal is {@code User:<name>}.
   */
  public void scramUser(String name, String password) {
    try (Admin admin = admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      scramPasswords.put(name, password);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw failure("cannot create the SCRAM user " + name, e);
    }
    // The broker learns credentials from its metadata log a moment after the call returns: wait
    // for a real login, not for the description, which can come first.
    Awaitility.await("SCRAM login of " + name)
        .atMost(PROPAGATION)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> canLogIn(scramClientProperties(name, password)));
  }

  private static boolean canLogIn(Map<String, String> props) throws Exception {
    Map<String, Object> p = new HashMap<>(props);
    p.put("request.timeout.ms", "10000");
    p.put("default.api.timeout.ms", "10000");
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SaslAuthenticationException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The password a SCRAM user made by {@link #clientProperties} gets: derived from the broker's
   * admin password and the name, so every class loader's copy of this class (Quarkus loads one per
   * application) agrees on it instead of replacing the others' passwords.
   */
  private String derivedPassword(String user) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((adminPassword + "\n" + user).getBytes(StandardCharsets.UTF_8));
      return "pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The principal Kafka sees for this user authenticating this way. */
  public static String principal(Auth auth, String user) {
    return auth == Auth.MTLS ? "User:CN=" + user : "User:" + user;
  }

  /**
   * Plain Kafka client properties (bootstrap, security protocol, trust store, SASL or key store)
   * for {@code user}: a SCRAM user made on first use (password derived from the broker's), one of
   * the static PLAIN users ({@code admin}, {@code $ConnectionString}), or a certificate's common
   * name.
   */
  public Map<String, String> clientProperties(Auth auth, String user) {
    return switch (auth) {
      case SCRAM -> {
        if (!scramPasswords.containsKey(user)) {
          // The super user's password is the broker's; anyone else's is derived from it.
          boolean admin = user.equals(SecuredListeners.ADMIN);
          scramUser(user, admin ? adminPassword : derivedPassword(user));
        }
        yield scramClientProperties(user, scramPasswords.get(user));
      }
      case PLAIN -> {
        String password = SecuredListeners.plainUsers(adminPassword).get(user);
        if (password == null) {
          throw new IllegalArgumentException(
              "PLAIN users are static: admin or " + SecuredListeners.EVENT_HUBS_USER);
        }
        yield plainClientProperties(user, password);
      }
      case MTLS -> mtlsClientProperties(user);
    };
  }

  /** The same, as Quarkus properties ({@code kafka.bootstrap.servers}, ...) for a test profile. */
  public Map<String, String> quarkusProperties(Auth auth, String user) {
    return ClientSecurity.quarkus(clientProperties(auth, user));
  }

  /** SASL_SSL + SCRAM-SHA-512 with any password (a wrong one too). */
  public Map<String, String> scramClientProperties(String user, String password) {
    return ClientSecurity.scram(saslSsl, truststore(), user, password);
  }

  /** SASL_SSL + PLAIN with any user and password. */
  public Map<String, String> plainClientProperties(String user, String password) {
    return ClientSecurity.plain(saslSsl, truststore(), user, password);
  }

  /** Event Hubs' form: PLAIN, user {@code $ConnectionString}, the connection string as password. */
  public Map<String, String> eventHubsClientProperties() {
    return plainClientProperties(
        SecuredListeners.EVENT_HUBS_USER, SecuredListeners.EVENT_HUBS_CONNECTION_STRING);
  }

  /** SSL with the client certificate of {@code commonName}. */
  public Map<String, String> mtlsClientProperties(String commonName) {
    return ClientSecurity.mtls(mtls, truststore(), clientCertificate(commonName));
  }

  /** An admin client on the PLAINTEXT listener: a super user. Close it. */
  public Admin admin() {
    return TopicAdmin.admin(plaintext);
  }

  /** Adds ACLs and waits until the broker enforces them. */
  public void applyAcls(Collection<AclBinding> acls) {
    try (Admin admin = admin()) {
      AclAdmin.apply(admin, acls);
    }
  }

  /** Removes every ACL of {@code principal} and waits until the broker no longer has them. */
  public void removeAcls(String principal) {
    try (Admin admin = admin()) {
      AclAdmin.remove(admin, principal);
    }
  }

  /**
   * Gives the principal of {@code user} authenticating with {@code auth} exactly the ACLs of the
   * Strimzi KafkaUser {@code user} in {@code k8s/topics/strimzi/}: its other ACLs are removed
   * first. Returns what was granted.
   */
  public List<AclBinding> grantAsManifest(String user, Auth auth) {
    return grantAsManifest(user, principal(auth, user));
  }

  /**
   * The ACLs of KafkaUser {@code user}, given to any principal (e.g. {@code $ConnectionString}).
   */
  public List<AclBinding> grantAsManifest(String user, String principal) {
    return grantAsManifest(KafkaUserManifests.user(user), principal);
  }

  /** The ACLs of a KafkaUser read elsewhere (another checkout), given to {@code principal}. */
  public List<AclBinding> grantAsManifest(KafkaUserManifest user, String principal) {
    List<AclBinding> acls = user.aclBindings(principal);
    removeAcls(principal);
    applyAcls(acls);
    return acls;
  }

  private static IllegalStateException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IllegalStateException(what + ": " + e.getMessage(), e);
  }
}
