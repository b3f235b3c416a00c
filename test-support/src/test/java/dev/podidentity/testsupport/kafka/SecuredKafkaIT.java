package dev.podidentity.testsupport.kafka;

import static dev.podidentity.testsupport.kafka.Clients.failureOf;
import static dev.podidentity.testsupport.kafka.Clients.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import dev.podidentity.testsupport.kafka.secure.CertificateAuthority;
import dev.podidentity.testsupport.kafka.secure.ClientSecurity;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared broker's secured listeners, with real clients: who gets in, and what ACLs let them do.
 */
@EmbeddedKafkaOnly
class SecuredKafkaIT {
  static SecuredKafka kafka;
  static String allowed;
  static String forbidden;

  @BeforeAll
  static void topics() throws Exception {
    kafka = SharedKafka.secured();
    allowed = Clients.newTopic(1);
    forbidden = Clients.newTopic(1);
  }

  @Test
  void aScramUserProducesAndConsumesWhereItsAclsAllowAndIsRefusedElsewhere() throws Exception {
    String user = "it-scram-" + UUID.randomUUID();
    kafka.scramUser(user, "secret-" + user);
    Map<String, String> props = kafka.scramClientProperties(user, "secret-" + user);
    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("bootstrap.servers", kafka.saslSslBootstrap());

    readWriteAndRefusals(SecuredKafka.principal(Auth.SCRAM, user), props);
  }

  @Test
  void aClientCertificateIsThePrincipalCnAndItsAclsApply() throws Exception {
    String cn = "it-mtls-" + UUID.randomUUID().toString().substring(0, 8);
    // Granting "User:CN=<cn>" and nothing else proves the principal Kafka derives.
    assertThat(kafka.clientCertificate(cn).principal()).isEqualTo("User:CN=" + cn);

    readWriteAndRefusals("User:CN=" + cn, kafka.mtlsClientProperties(cn));
  }

  private void readWriteAndRefusals(String principal, Map<String, String> props) throws Exception {
    String group = "it-group-" + UUID.randomUUID();
    kafka.applyAcls(
        List.of(
            acl(ResourceType.TOPIC, allowed, principal, AclOperation.WRITE),
            acl(ResourceType.TOPIC, allowed, principal, AclOperation.READ),
            acl(ResourceType.GROUP, group, principal, AclOperation.READ)));

    try (var producer = Clients.producer(props)) {
      assertThat(produce(producer, allowed)).isNull();
      assertThat(produce(producer, forbidden)).isInstanceOf(TopicAuthorizationException.class);
    }
    try (var consumer = Clients.consumer(props, group)) {
      consumer.subscribe(List.of(allowed));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty());
      consumer.commitSync();
    }
    try (var consumer = Clients.consumer(props, null)) {
      assertThat(failureOf(() -> Clients.readAll(consumer, forbidden)))
          .isInstanceOf(TopicAuthorizationException.class);
    }
    try (var consumer = Clients.consumer(props, "not-" + group)) {
      consumer.subscribe(List.of(allowed));
      assertThat(failureOf(() -> consumer.poll(Duration.ofSeconds(10))))
          .isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void aWrongScramPasswordFailsAuthenticationWithAClearMessage() {
    String user = "it-scram-" + UUID.randomUUID();
    kafka.scramUser(user, "right");
    try (Admin admin = Clients.admin(kafka.scramClientProperties(user, "wrong"))) {
      Throwable failure =
          failureOf(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));

      assertThat(failure)
          .isInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("invalid credentials")
          .hasMessageContaining("SCRAM-SHA-512");
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefused(@TempDir Path dir) {
    // Same CA name, different key: only the signature tells them apart.
    var stranger = CertificateAuthority.open(dir, "podidentity-test-ca").client("it-stranger");
    var props = ClientSecurity.mtls(kafka.mtlsBootstrap(), kafka.truststore(), stranger);
    try (Admin admin = Clients.admin(props)) {
      Throwable failure =
          failureOf(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));

      assertThat(failure).isInstanceOf(SslAuthenticationException.class);
    }
  }

  @Test
  void eventHubsStylePlainWithTheConnectionStringAsPasswordAuthenticates() throws Exception {
    Map<String, String> props = kafka.eventHubsClientProperties();
    assertThat(props.get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
        .contains("username=\"$ConnectionString\"")
        .contains("password=\"Endpoint=sb://");
    kafka.applyAcls(
        List.of(acl(ResourceType.TOPIC, allowed, "User:$ConnectionString", AclOperation.WRITE)));

    try (var producer = Clients.producer(props)) {
      assertThat(produce(producer, allowed)).isNull();
    }
  }

  @Test
  void theSuperUsersSeeEverythingOnEveryListener() throws Exception {
    for (Map<String, String> props :
        List.of(
            kafka.mtlsClientProperties(SecuredListeners.ADMIN_CN),
            kafka.clientProperties(Auth.SCRAM, SecuredListeners.ADMIN),
            kafka.clientProperties(Auth.PLAIN, SecuredListeners.ADMIN),
            Map.of("bootstrap.servers", kafka.plaintextBootstrap()))) {
      try (Admin admin = Clients.admin(props)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .as(props.get("security.protocol"))
            .contains(allowed, forbidden);
      }
    }
  }

  @Test
  void quarkusPropertiesAreTheClientPropertiesUnderKafka() {
    Map<String, String> quarkus = kafka.quarkusProperties(Auth.MTLS, "it-quarkus");

    assertThat(quarkus)
        .containsEntry("kafka.bootstrap.servers", kafka.mtlsBootstrap())
        .containsEntry("kafka.security.protocol", "SSL")
        .containsEntry("kafka.ssl.truststore.type", "PKCS12")
        .containsEntry("kafka.ssl.keystore.type", "PKCS12")
        .containsKeys(
            "kafka.ssl.truststore.location",
            "kafka.ssl.truststore.password",
            "kafka.ssl.keystore.location",
            "kafka.ssl.keystore.password");
    assertThat(ClientSecurity.environment(kafka.mtlsClientProperties("it-quarkus")))
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
        .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
  }

  static AclBinding acl(ResourceType type, String name, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }
}
