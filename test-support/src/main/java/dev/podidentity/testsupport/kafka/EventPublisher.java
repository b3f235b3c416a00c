package dev.podidentity.testsupport.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.events.kafka.TargetPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes contract events to the shared broker as the services do (the contract's serializer and
 * partitioner, so keys, partitions and node headers are theirs), for tests that play a service.
 * Each send waits for the broker's acknowledgement, so a read after it sees the record.
 */
public final class EventPublisher implements AutoCloseable {
  private final KafkaProducer<String, Event> producer;

  public EventPublisher() {
    TopicAdmin.ensure(SharedKafka.bootstrapServers(), Topics.ALL);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                TargetPartitioner.class.getName()),
            new StringSerializer(),
            new EventSerializer());
  }

  /**
   * A producer to the shared broker set up as the watcher's (KafkaEventPublisher): the contract's
   * partitioner, 5 ms linger, 256 KiB batches. For benchmarks that send a burst without waiting.
   */
  public static <K, V> KafkaProducer<K, V> asTheWatcher(Serializer<K> keys, Serializer<V> values) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedKafka.bootstrapServers(),
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            TargetPartitioner.class.getName(),
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        keys,
        values);
  }

  /** Publishes {@code value} (null: a tombstone) under {@code key}. */
  public void send(String topic, String key, Event value) {
    send(topic, key, value, Map.of());
  }

  /** Publishes with extra headers (a dead letter's reason, a trace context). */
  public void send(String topic, String key, Event value, Map<String, String> headers) {
    ProducerRecord<String, Event> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish to " + topic, e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
