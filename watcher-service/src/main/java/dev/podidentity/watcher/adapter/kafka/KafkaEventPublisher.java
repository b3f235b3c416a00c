package dev.podidentity.watcher.adapter.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.events.kafka.TargetPartitioner;
import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.port.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records with a durable, ordered producer: {@code acks=all} and idempotence (so retries
 * never duplicate or reorder), the contract's partitioner, and CloudEvents headers on every record,
 * tombstones included.
 */
public final class KafkaEventPublisher implements EventPublisher {
  private final Producer<String, Event> producer;
  private final String source;

  public KafkaEventPublisher(Producer<String, Event> producer, String source) {
    this.producer = producer;
    this.source = source;
  }

  public static final int BATCH_BYTES = 256 * 1024;

  /** The producer settings the watcher runs with. */
  public static Map<String, Object> settings(
      String bootstrapServers, String clientId, Duration deliveryTimeout, Duration maxBlock) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(30_000, deliveryTimeout.toMillis()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // A burst of pod changes reaches the broker in a few requests rather than dozens of 16 KiB
    // ones, so the assigner sees the burst whole inside its batch window.
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    return p;
  }

  public static KafkaEventPublisher create(Map<String, Object> settings, String source) {
    return new KafkaEventPublisher(new KafkaProducer<>(settings), source);
  }

  @Override
  public CompletionStage<Void> send(Publication p) {
    ProducerRecord<String, Event> record =
        new ProducerRecord<>(
            p.topic(), null, p.key(), p.value(), CloudEventHeaders.of(p.value(), source, now()));
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(error);
          }
        });
    return done;
  }

  private static Instant now() {
    return Instant.now();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
