package dev.podidentity.watcher.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EmbeddedKafkaOnly;
import dev.podidentity.testsupport.kafka.TopicRecords;
import dev.podidentity.watcher.ClusterObjects;
import dev.podidentity.watcher.WatcherService;
import dev.podidentity.watcher.engine.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The watcher as its own principal on a secured listener, with exactly its KafkaUser's ACLs: it
 * checks its topics at start, reads them as leader and publishes a node and a pod; the same
 * settings cannot write the assignments topic. Each subclass runs it over one authentication.
 */
@EmbeddedKafkaOnly
abstract class SecuredWatcher {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @Inject WatcherService service;
  @Inject KubernetesClient client;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Test
  void publishesAsItsOwnPrincipalAndNothingElse() {
    assertThat(kafka.get("security.protocol")).isIn("SSL", "SASL_SSL");
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
    String ns = "sec-" + UUID.randomUUID().toString().substring(0, 8);
    String node = "node-" + ns;
    client.nodes().resource(ClusterObjects.node(node, ClusterObjects.providerId(ns, 0))).create();
    String uid =
        client.pods().resource(ClusterObjects.pod(ns, "p", node)).create().getMetadata().getUid();

    await().atMost(WAIT).until(() -> has(Topics.NODES, node));
    await().atMost(WAIT).until(() -> hasPodOf(uid));

    // The same settings, used for a topic the watcher does not own, are refused by the broker.
    try (var producer =
        new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>(Topics.ASSIGNMENTS, "k", "v")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  private static boolean has(String topic, String key) {
    return TopicRecords.all(topic).stream().anyMatch(r -> key.equals(r.key()) && r.value() != null);
  }

  private static boolean hasPodOf(String uid) {
    return TopicRecords.all(Topics.PODS).stream()
        .anyMatch(r -> r.key() != null && r.key().endsWith("|" + uid) && r.value() != null);
  }
}
