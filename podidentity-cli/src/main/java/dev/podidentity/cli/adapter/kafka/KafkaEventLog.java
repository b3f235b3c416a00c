package dev.podidentity.cli.adapter.kafka;

import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.Event;
import dev.podidentity.events.kafka.CompactedTopicReader;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * {@link EventLog} through the contract's one whole-topic reader, with the services' Kafka settings
 * (the {@code default-kafka-broker} map of the {@code kafka.*} keys, security included). A command
 * reads a topic once and stops, which is not a stream: see the reader's note and DESIGN.md.
 */
@ApplicationScoped
public class KafkaEventLog implements EventLog {
  private final CompactedTopicReader reader;

  KafkaEventLog(@Identifier("default-kafka-broker") Map<String, Object> kafka, CliConfig config) {
    this.reader = new CompactedTopicReader(kafka, config.kafka().readTimeout());
  }

  @Override
  public Map<String, Optional<Event>> latest(String topic, Progress progress) {
    return reader.latest(topic, (done, total) -> progress.read(topic, done, total));
  }

  @Override
  public List<LogRecord> records(String topic, Progress progress) {
    List<ConsumerRecord<String, byte[]>> read =
        reader.read(topic, (done, total) -> progress.read(topic, done, total));
    List<LogRecord> out = new ArrayList<>(read.size());
    for (ConsumerRecord<String, byte[]> r : read) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) {
        headers.put(
            h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
      }
      out.add(
          new LogRecord(
              r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(), headers));
    }
    return out;
  }
}
