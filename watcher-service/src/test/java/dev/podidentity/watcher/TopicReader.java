package dev.podidentity.watcher;

import dev.podidentity.events.kafka.CloudEventHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic, beginning to end offsets, with a plain consumer: what tests assert on. */
final class TopicReader {
  /** One record as tests see it; {@code value} null is a tombstone. */
  record Rec(String key, byte[] value, String source, String type) {
    boolean tombstone() {
      return value == null;
    }
  }

  private TopicReader() {}

  static List<Rec> read(String bootstrap, String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<Rec> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts));
      end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      while (!end.isEmpty()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(
              new Rec(
                  r.key(),
                  r.value(),
                  CloudEventHeaders.get(r.headers(), CloudEventHeaders.SOURCE),
                  CloudEventHeaders.get(r.headers(), CloudEventHeaders.TYPE)));
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
    }
    return out;
  }

  static List<Rec> read(String bootstrap, String topic, Predicate<String> key) {
    return read(bootstrap, topic).stream().filter(r -> key.test(r.key())).toList();
  }

  /** The last record of {@code key}, if any. */
  static Optional<Rec> last(String bootstrap, String topic, String key) {
    List<Rec> recs = read(bootstrap, topic, key::equals);
    return recs.isEmpty() ? Optional.empty() : Optional.of(recs.get(recs.size() - 1));
  }
}
