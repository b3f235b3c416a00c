package dev.podidentity.assigner.it;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TargetPartitioner;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plays the watcher (publishes pods and config) and reads what the assigner publishes. */
final class EventsDriver implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, AssignmentRecord> assignments = new ConcurrentHashMap<>();

  EventsDriver() {
    String bootstrap = SharedKafka.bootstrapServers();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                TargetPartitioner.class.getName()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(Topics.ASSIGNMENTS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .collect(Collectors.toList());
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  void pod(PodRecord pod) {
    send(Topics.PODS, Keys.of(pod), pod);
  }

  /** Publishes {@code pod} as the watcher does with tracing on: with a {@code traceparent}. */
  void pod(PodRecord pod, String traceparent) {
    try {
      var record =
          new ProducerRecord<>(
              Topics.PODS, Keys.of(pod).getBytes(StandardCharsets.UTF_8), EventJson.toBytes(pod));
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void podGone(PodRecord pod) {
    send(Topics.PODS, Keys.of(pod), null);
  }

  void config(ConfigRecord record) {
    send(Topics.CONFIG, record.key(), record);
  }

  void configGone(ConfigRecord record) {
    send(Topics.CONFIG, record.key(), null);
  }

  /** Writes bytes that are not a record of the contract, as a broken or hostile producer would. */
  void sendRaw(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void send(String topic, String key, Event value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key.getBytes(StandardCharsets.UTF_8),
                  value == null ? null : EventJson.toBytes(value)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The latest assignment of a pod, or null (none yet, or tombstoned). */
  synchronized AssignmentRecord assignment(PodRecord pod) {
    consumer
        .poll(Duration.ofMillis(100))
        .forEach(
            r -> {
              String key = new String(r.key(), StandardCharsets.UTF_8);
              if (r.value() == null) {
                assignments.remove(key);
              } else {
                assignments.put(key, EventJson.parse(r.value(), AssignmentRecord.class));
              }
            });
    return assignments.get(Keys.of(pod));
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
