package dev.podidentity.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import dev.podidentity.local.StackOptions.KafkaSecurity;
import dev.podidentity.testsupport.kafka.StandaloneBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kafka-tls}: the environment a service gets reaches the broker's TLS listener as that
 * service's principal, with its manifest's ACLs, once read the way Quarkus reads it ({@code
 * KAFKA_SSL_TRUSTSTORE_LOCATION} is {@code kafka.ssl.truststore.location}).
 */
class KafkaAccessIT {
  @TempDir Path dir;

  @AfterEach
  void stopBroker() throws Exception {
    StandaloneBroker.stop(dir);
  }

  @Test
  void eachServiceGetsTheStandardVariablesForItsOwnPrincipal() throws Exception {
    Path repo = RepoRoot.find().orElseThrow();
    KafkaAccess mtls = KafkaAccess.start(dir, repo, KafkaSecurity.MTLS);
    Map<String, String> nmi = mtls.environment("nmi");

    assertThat(nmi)
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
        .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12")
        .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12")
        .containsKeys(
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SSL_TRUSTSTORE_LOCATION",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD",
            "KAFKA_SSL_KEYSTORE_LOCATION",
            "KAFKA_SSL_KEYSTORE_PASSWORD");
    assertThat(nmi.get("KAFKA_SSL_KEYSTORE_LOCATION")).contains("podidentity-nmi");
    assertThat(nmi.get("KAFKA_BOOTSTRAP_SERVERS")).isNotEqualTo(mtls.bootstrap());
    writesDeadLettersButNotAssignments(nmi);

    // The same running broker, the services as SCRAM users.
    KafkaAccess scram = KafkaAccess.start(dir, repo, KafkaSecurity.SCRAM);
    Map<String, String> nmiScram = scram.environment("nmi");
    assertThat(nmiScram)
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .doesNotContainKey("KAFKA_SSL_KEYSTORE_LOCATION");
    assertThat(nmiScram.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"podidentity-nmi\"");
    writesDeadLettersButNotAssignments(nmiScram);
    assertThat(KafkaAccess.start(dir, repo, KafkaSecurity.PLAINTEXT).environment("nmi")).isEmpty();
  }

  private static void writesDeadLettersButNotAssignments(Map<String, String> env) throws Exception {
    Map<String, Object> props = new HashMap<>();
    env.forEach(
        (k, v) ->
            props.put(
                k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v));
    props.put("max.block.ms", "15000");
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DEADLETTER, "k", "v")).get(30, TimeUnit.SECONDS);
      try {
        producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, "k", "v")).get(30, TimeUnit.SECONDS);
        throw new AssertionError("the NMI must not write assignments");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
      }
    }
  }
}
