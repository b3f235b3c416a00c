package dev.podidentity.local;

import dev.podidentity.events.Topics;
import dev.podidentity.local.StackOptions.KafkaSecurity;
import dev.podidentity.testsupport.kafka.SecuredKafka;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.StandaloneBroker;
import dev.podidentity.testsupport.kafka.TopicAdmin;
import dev.podidentity.testsupport.kafka.secure.ClientSecurity;
import dev.podidentity.testsupport.kafka.secure.KafkaUserManifest;
import dev.podidentity.testsupport.kafka.secure.KafkaUserManifests;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's broker and how each service reaches it. PLAINTEXT by default. With {@code
 * --kafka-tls} the broker also listens with mutual TLS and SASL_SSL under ACLs, each service
 * connects as its own principal, and that principal gets exactly the ACLs of its KafkaUser in
 * {@code k8s/topics/strimzi/}, as in a Strimzi cluster. The launcher itself (topics, ACLs, the
 * system tests' readers) stays on PLAINTEXT, whose anonymous user is a super user.
 */
final class KafkaAccess {
  /** Service (as {@link StackOptions#env} names it) to KafkaUser. */
  static final Map<String, String> USERS =
      Map.of(
          "watcher", "podidentity-watcher",
          "assigner", "podidentity-assigner",
          "nmi", "podidentity-nmi");

  private final KafkaSecurity security;
  private final String bootstrap;
  private final SecuredKafka secured;

  private KafkaAccess(KafkaSecurity security, String bootstrap, SecuredKafka secured) {
    this.security = security;
    this.bootstrap = bootstrap;
    this.secured = secured;
  }

  /** Starts the broker of {@code dir}, creates the topics and, with TLS, grants the services. */
  static KafkaAccess start(Path dir, Path repoRoot, KafkaSecurity security)
      throws IOException, InterruptedException {
    boolean tls = security != KafkaSecurity.PLAINTEXT;
    String bootstrap = StandaloneBroker.start(dir, 0, tls).bootstrapServers();
    TopicAdmin.ensure(bootstrap, Topics.ALL);
    if (!tls) {
      return new KafkaAccess(security, bootstrap, null);
    }
    SecuredKafka secured = StandaloneBroker.secured(dir).orElseThrow();
    Map<String, KafkaUserManifest> users =
        KafkaUserManifests.load(repoRoot.resolve(KafkaUserManifests.DIRECTORY));
    for (String user : USERS.values()) {
      KafkaUserManifest manifest = users.get(user);
      if (manifest == null) {
        throw new IOException("no KafkaUser " + user + " in " + KafkaUserManifests.DIRECTORY);
      }
      secured.grantAsManifest(manifest, SecuredKafka.principal(auth(security), user));
    }
    return new KafkaAccess(security, bootstrap, secured);
  }

  private static Auth auth(KafkaSecurity security) {
    return security == KafkaSecurity.SCRAM ? Auth.SCRAM : Auth.MTLS;
  }

  /** The PLAINTEXT bootstrap: the launcher's, and the services' unless TLS is on. */
  String bootstrap() {
    return bootstrap;
  }

  /**
   * The Kafka environment of a service ({@code watcher}, {@code assigner}, {@code nmi}) beyond
   * {@code KAFKA_BOOTSTRAP_SERVERS}: with TLS, the secured listener's bootstrap and the standard
   * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SSL_TRUSTSTORE_*}, and {@code
   * KAFKA_SSL_KEYSTORE_*} (mTLS) or {@code KAFKA_SASL_MECHANISM} and {@code KAFKA_SASL_JAAS_CONFIG}
   * (SCRAM), which Quarkus reads as {@code kafka.security.protocol} and so on.
   */
  Map<String, String> environment(String service) {
    if (secured == null) {
      return Map.of();
    }
    return ClientSecurity.environment(secured.clientProperties(auth(security), USERS.get(service)));
  }

  /** For {@code --keep-running}. */
  List<String> endpoints() {
    List<String> lines = new ArrayList<>();
    lines.add("kafka bootstrap     " + bootstrap + " (PLAINTEXT, super user)");
    if (secured != null) {
      lines.add("kafka mTLS          " + secured.mtlsBootstrap());
      lines.add("kafka SASL_SSL      " + secured.saslSslBootstrap() + " (SCRAM-SHA-512, PLAIN)");
      lines.add("kafka trust         " + secured.truststore().certificate());
    }
    return lines;
  }
}
