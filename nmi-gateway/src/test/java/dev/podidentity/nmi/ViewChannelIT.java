package dev.podidentity.nmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.events.kafka.TargetPartitioner;
import dev.podidentity.nmi.it.TestCluster;
import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.kafka.TopicRecords;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application's own view channel: records written as the watcher and assigner write them reach
 * the node's view through the connector, a record that cannot be read goes to the dead-letter topic
 * through the connector's failure strategy (and the view goes on), and when the node's compute
 * target becomes known the feed moves to that target's partition.
 */
@QuarkusTest
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ViewChannelIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KafkaProducer<String, byte[]> producer;

  @Inject NmiService service;

  @BeforeAll
  static void producer() {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName()),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void close() {
    producer.close();
  }

  private static void publish(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] json(dev.podidentity.events.Event event) {
    return dev.podidentity.events.EventJson.toBytes(event);
  }

  private String nodeName() {
    return service.node().settings().nodeName();
  }

  @Test
  void aRecordThatCannotBeReadIsDeadLetteredWithItsReasonAndTheViewGoesOn() {
    String bad = "AzureIdentity/dlq/" + UUID.randomUUID();
    publish(Topics.CONFIG, bad, "{\"schemaVersion\":1,\"kind\":".getBytes(StandardCharsets.UTF_8));
    IdentityRecord after =
        TestCluster.userAssigned(
            "dlq",
            "after-" + UUID.randomUUID(),
            "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/x",
            "client",
            "tenant");
    publish(Topics.CONFIG, after.key(), json(after));

    await()
        .atMost(WAIT)
        .until(
            () ->
                service
                    .node()
                    .view()
                    .current()
                    .identities()
                    .containsKey(after.namespace() + "/" + after.name()));
    ConsumerRecord<String, byte[]> dead =
        await()
            .atMost(WAIT)
            .until(() -> TopicRecords.last(Topics.DEADLETTER, bad::equals), Optional::isPresent)
            .orElseThrow();
    assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.CONFIG);
    assertThat(header(dead, DeadLetters.SERVICE)).isEqualTo("nmi-gateway");
    assertThat(header(dead, DeadLetters.REASON)).contains("ConfigRecord");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"schemaVersion\":1,\"kind\":");
  }

  @Test
  void whenTheNodesTargetIsKnownTheFeedReadsThatTargetsPartition() {
    ComputeTarget target =
        ComputeTarget.scaleSet(UUID.randomUUID().toString(), "rg", "vmss-" + UUID.randomUUID());
    String uid = UUID.randomUUID().toString();
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            "default",
            "pod-" + uid.substring(0, 8),
            nodeName(),
            target,
            List.of("127.0.0.77"),
            PodPhase.RUNNING,
            false,
            false,
            Map.of(),
            "1");
    publish(Topics.PODS, Keys.of(pod), json(pod));
    publish(
        Topics.NODES,
        nodeName(),
        json(new NodeRecord(1, nodeName(), "azure:///vm", target, null, "1")));

    await()
        .atMost(WAIT)
        .until(
            () ->
                target.equals(service.node().view().current().target())
                    && service.node().view().current().podsByIp().containsKey("127.0.0.77")
                    && service.node().viewReady());
    publish(Topics.NODES, nodeName(), null);
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    return CloudEventHeaders.get(r.headers(), name);
  }
}
