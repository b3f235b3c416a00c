package dev.podidentity.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.TopicSpec;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.events.kafka.TargetPartitioner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The shared broker is real: records go through it, partitioned and headed as the contract says.
 */
class EmbeddedKafkaIT {
  private static final ComputeTarget VMSS = ComputeTarget.scaleSet("sub", "rg", "pool-it");

  @Test
  void podRecordsOfOneTargetArriveInTheTargetsPartitionWithCloudEventHeaders() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    List<PodRecord> sent = new ArrayList<>();
    try (var producer = producer(bootstrap)) {
      for (int i = 0; i < 10; i++) {
        PodRecord pod = pod("pod-" + i);
        sent.add(pod);
        var headers = CloudEventHeaders.of(pod, "test", Instant.now());
        producer.send(new ProducerRecord<>(Topics.PODS, null, Keys.of(pod), pod, headers)).get();
      }
    }

    int partition = Partitioning.partitionOf(VMSS, Topics.TARGET_PARTITIONS);
    // The broker is shared: other tests write to the contract's topics too (ACL checks write
    // arbitrary records), so only this test's keys count.
    var keys = sent.stream().map(Keys::of).collect(java.util.stream.Collectors.toSet());
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    try (var consumer = consumer(bootstrap)) {
      TopicPartition tp = new TopicPartition(Topics.PODS, partition);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).records(tp).stream()
                    .filter(r -> keys.contains(r.key()))
                    .forEach(received::add);
                return received.stream()
                    .map(r -> EventJson.parse(r.value(), PodRecord.class))
                    .toList()
                    .containsAll(sent);
              });
    }
    ConsumerRecord<String, byte[]> first =
        received.stream().filter(r -> r.key().equals(Keys.of(sent.get(0)))).findFirst().get();
    assertThat(CloudEventHeaders.get(first.headers(), CloudEventHeaders.TYPE))
        .isEqualTo("dev.podidentity.pod.v1");
    assertThat(CloudEventHeaders.get(first.headers(), CloudEventHeaders.SOURCE)).isEqualTo("test");
  }

  @Test
  void topicsAreCreatedWithProductionSettings() throws Exception {
    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      for (TopicSpec spec : Topics.ALL) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config =
            admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        var description =
            admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name());

        assertThat(config.get("cleanup.policy").value())
            .as(spec.name())
            .isEqualTo(spec.config().get("cleanup.policy"));
        assertThat(description.partitions()).hasSize(spec.partitions());
      }
    }
  }

  static PodRecord pod(String name) {
    return new PodRecord(
        1,
        UUID.randomUUID().toString(),
        "default",
        name,
        "node-0",
        VMSS,
        List.of("127.0.0.5"),
        PodPhase.RUNNING,
        false,
        false,
        Map.of("aadpodidbinding", "demo"),
        "1");
  }

  static KafkaProducer<String, PodRecord> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            TargetPartitioner.class.getName(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new EventSerializer()::serialize);
  }

  static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }
}
