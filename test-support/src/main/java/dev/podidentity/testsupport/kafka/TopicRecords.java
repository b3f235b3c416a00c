package dev.podidentity.testsupport.kafka;

import dev.podidentity.events.kafka.CompactedTopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a topic of the JVM's shared broker holds, read from its beginning to its end offsets on the
 * plain listener (the superuser), as tests assert on what a service wrote or dead-lettered.
 */
public final class TopicRecords {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private TopicRecords() {}

  /** Every record of {@code topic}, oldest first per partition. */
  public static List<ConsumerRecord<String, byte[]>> all(String topic) {
    return new CompactedTopicReader(
            Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), READ_TIMEOUT)
        .read(topic);
  }

  /** The newest record of {@code topic} whose key is there and matches. */
  public static Optional<ConsumerRecord<String, byte[]>> last(String topic, Predicate<String> key) {
    return all(topic).stream()
        .filter(r -> r.key() != null && key.test(r.key()))
        .reduce((a, b) -> b);
  }
}
