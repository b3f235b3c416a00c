package dev.podidentity.cli.adapter.kafka;

import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.OutgoingRecord;
import dev.podidentity.cli.port.RecordWriter;
import dev.podidentity.events.kafka.TargetPartitioner;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link RecordWriter} as a plain producer made for the call and closed after it, with the
 * services' Kafka settings (the {@code default-kafka-broker} map, security included). Not a
 * Reactive Messaging channel: a channel's producer is set up when any command starts, and this one
 * is needed by one subcommand for a moment (DESIGN.md has the measurement).
 */
@ApplicationScoped
public class KafkaRecordWriter implements RecordWriter {
  private final Map<String, Object> settings;
  private final Duration timeout;
  private final Object bootstrap;

  @Inject
  KafkaRecordWriter(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, CliConfig config) {
    this(kafka, config.kafka().readTimeout());
  }

  /**
   * @param kafka the Kafka client settings (bootstrap servers, security)
   * @param timeout how long a write may take, from connecting to the last acknowledgement
   */
  public KafkaRecordWriter(Map<String, Object> kafka, Duration timeout) {
    this.timeout = timeout;
    this.bootstrap = kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, Object> p = new HashMap<>(kafka);
    // Durable and once only, as the services' producers are; the contract's partitioner, so a
    // retried record lands in its key's partition like every other record of that key.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName());
    int ms = (int) timeout.toMillis();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, ms));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.settings = Map.copyOf(p);
  }

  @Override
  public List<LogRecord> write(List<OutgoingRecord> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    KafkaProducer<String, byte[]> producer = null;
    try {
      producer = new KafkaProducer<>(settings);
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (OutgoingRecord r : records) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
        r.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        sent.add(producer.send(record));
      }
      List<LogRecord> written = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        OutgoingRecord r = records.get(i);
        RecordMetadata m =
            sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        written.add(
            new LogRecord(
                m.topic(),
                m.partition(),
                m.offset(),
                m.timestamp(),
                r.key(),
                r.value(),
                r.headers()));
      }
      return written;
    } catch (ExecutionException e) {
      throw new IllegalStateException(failure(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(failure("no acknowledgement within " + timeout), e);
    } catch (KafkaException e) {
      throw new IllegalStateException(failure(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(failure("interrupted"), e);
    } finally {
      if (producer != null) {
        // Everything wanted is acknowledged by now, or has failed: nothing to wait for.
        producer.close(Duration.ZERO);
      }
    }
  }

  private String failure(String why) {
    return "could not write to Kafka at " + bootstrap + ": " + why;
  }
}
