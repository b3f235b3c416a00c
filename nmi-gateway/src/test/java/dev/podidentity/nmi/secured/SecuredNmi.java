package dev.podidentity.nmi.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.nmi.NmiService;
import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.kafka.TopicRecords;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The NMI as its own principal on a secured listener, with exactly its KafkaUser's ACLs: it reads
 * its view to readiness, dead-letters a record it cannot read (its only write), and the same
 * settings cannot write the assignments topic. Each subclass runs it over one authentication.
 */
@EmbeddedKafkaOnly
abstract class SecuredNmi {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @Inject NmiService service;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  void readsItsViewAsItsOwnPrincipalAndWritesOnlyDeadLetters() throws Exception {
    assertThat(kafka.get("security.protocol")).isIn("SSL", "SASL_SSL");
    await().atMost(WAIT).until(service::ready);
    String bad = "AzureIdentity/secured/" + UUID.randomUUID();
    IdentityRecord good =
        TestCluster.userAssigned(
            "secured",
            "id-" + UUID.randomUUID(),
            "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/x",
            "client",
            "tenant");
    try (var superUser =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", SharedKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      superUser.send(
          new ProducerRecord<>(Topics.CONFIG, bad, "{".getBytes(StandardCharsets.UTF_8)));
      superUser
          .send(new ProducerRecord<>(Topics.CONFIG, good.key(), EventJson.toBytes(good)))
          .get();
    }

    await()
        .atMost(WAIT)
        .until(
            () ->
                service
                    .node()
                    .view()
                    .current()
                    .identities()
                    .containsKey(good.namespace() + "/" + good.name()));
    var dead =
        await()
            .atMost(WAIT)
            .until(() -> TopicRecords.last(Topics.DEADLETTER, bad::equals), Optional::isPresent)
            .orElseThrow();
    assertThat(CloudEventHeaders.get(dead.headers(), DeadLetters.SERVICE)).isEqualTo("nmi-gateway");

    // The same settings, used for a topic the NMI only reads, are refused by the broker.
    try (var producer =
        new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, "k", "v")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }
}
