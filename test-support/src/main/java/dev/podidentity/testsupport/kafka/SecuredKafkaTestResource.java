package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.util.Locale;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at a secured listener of the shared broker as one
 * principal, with exactly the ACLs its Strimzi KafkaUser manifest grants. Returns the {@code
 * kafka.*} properties (bootstrap, security protocol, trust store, SASL or key store).
 *
 * <p>Arguments: {@value #AUTH} = {@code mtls} (tls user, {@code User:CN=<user>}), {@code scram}
 * (SCRAM-SHA-512 user made on first use, {@code User:<user>}) or {@code event-hubs} (SASL PLAIN as
 * {@code $ConnectionString}, granted {@code <user>}'s ACLs); {@value #USER} = the KafkaUser name,
 * e.g. {@code podidentity-nmi}; {@value #ACLS} = {@code manifest} (default: replace the principal's
 * ACLs with the manifest's) or {@code keep} (the test grants ACLs itself).
 *
 * <p>From a test profile: {@code testResources()} returns {@link #entry}, or extend {@link
 * SecuredKafkaProfile}. Its {@link #order()} is higher than {@link KafkaTestResource}'s, so when a
 * module also declares that globally, this resource's {@code kafka.bootstrap.servers} wins.
 */
public class SecuredKafkaTestResource implements QuarkusTestResourceLifecycleManager {
  public static final String AUTH = "auth";
  public static final String USER = "user";
  public static final String ACLS = "acls";

  private String auth = "mtls";
  private String user;
  private boolean manifestAcls = true;

  /** The entry for {@code QuarkusTestProfile.testResources()}. */
  public static TestResourceEntry entry(Auth auth, String user) {
    return new TestResourceEntry(
        SecuredKafkaTestResource.class,
        Map.of(AUTH, auth.name().toLowerCase(Locale.ROOT), USER, user));
  }

  /**
   * Event Hubs' form (PLAIN, {@code $ConnectionString}) with the ACLs of KafkaUser {@code user}.
   */
  public static TestResourceEntry eventHubs(String user) {
    return new TestResourceEntry(
        SecuredKafkaTestResource.class, Map.of(AUTH, "event-hubs", USER, user));
  }

  @Override
  public void init(Map<String, String> args) {
    auth = args.getOrDefault(AUTH, auth).toLowerCase(Locale.ROOT);
    user = args.get(USER);
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException(
          SecuredKafkaTestResource.class.getSimpleName() + " needs the argument " + USER);
    }
    manifestAcls = !"keep".equals(args.getOrDefault(ACLS, "manifest"));
  }

  @Override
  public Map<String, String> start() {
    SecuredKafka kafka = SharedKafka.secured();
    return switch (auth) {
      case "mtls" -> properties(kafka, Auth.MTLS, user, SecuredKafka.principal(Auth.MTLS, user));
      case "scram" -> properties(kafka, Auth.SCRAM, user, SecuredKafka.principal(Auth.SCRAM, user));
      case "plain", "event-hubs" -> {
        String principal = "User:" + SecuredListeners.EVENT_HUBS_USER;
        grant(kafka, principal);
        yield kafka.quarkusProperties(Auth.PLAIN, SecuredListeners.EVENT_HUBS_USER);
      }
      default ->
          throw new IllegalArgumentException(
              AUTH + " must be mtls, scram or event-hubs (plain), not " + auth);
    };
  }

  private Map<String, String> properties(
      SecuredKafka kafka, Auth how, String name, String principal) {
    grant(kafka, principal);
    return kafka.quarkusProperties(how, name);
  }

  private void grant(SecuredKafka kafka, String principal) {
    if (manifestAcls) {
      kafka.grantAsManifest(user, principal);
    }
  }

  /** After {@link KafkaTestResource} (order 0), whose properties these replace. */
  @Override
  public int order() {
    return 1000;
  }

  @Override
  public void stop() {
    // The broker and its ACLs belong to the JVM (SharedKafka); the next profile replaces the ACLs.
  }
}
