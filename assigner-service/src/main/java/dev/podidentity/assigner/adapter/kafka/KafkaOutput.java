package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.events.kafka.TargetPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the assigner's records with a durable, idempotent producer. Ledger writes wait for the
 * acknowledgement of every in-sync replica: the PATCH they announce must not go out before them.
 */
public final class KafkaOutput implements OutputPort, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaOutput.class);
  private final KafkaProducer<byte[], byte[]> producer;
  private final String source;
  private final Duration ackTimeout;

  public KafkaOutput(Map<String, Object> kafka, String source, Duration ackTimeout) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName());
    int requestTimeout = (int) Math.min(ackTimeout.toMillis(), 20_000);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.max(ackTimeout.toMillis(), requestTimeout + 5 + 1));
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.source = source;
    this.ackTimeout = ackTimeout;
  }

  @Override
  public void ledger(LedgerRecord ledger) {
    try {
      send(Topics.LEDGER, Keys.ledger(ledger.target()), ledger)
          .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the ledger", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the ledger write was not acknowledged", e);
    }
  }

  @Override
  public void assignment(AssignmentRecord assignment) {
    send(Topics.ASSIGNMENTS, Keys.of(assignment), assignment);
  }

  @Override
  public void assignmentGone(String key, AssignmentRecord last) {
    send(Topics.ASSIGNMENTS, key, null);
  }

  /** A record the assigner could not read goes to the dead-letter topic with the reason. */
  public void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    LOG.warnf(
        "dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    producer.send(DeadLetters.of(record, reason, "assigner-service"));
  }

  private java.util.concurrent.Future<?> send(String topic, String key, Event value) {
    var record =
        new ProducerRecord<>(
            topic,
            null,
            key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : EventJson.toBytes(value),
            CloudEventHeaders.of(value, source, Instant.now()));
    return producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            LOG.errorf(error, "publishing %s to %s failed", key, topic);
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
