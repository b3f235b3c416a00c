package dev.podidentity.watcher;

import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.events.kafka.NodeHeader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Every record of a topic, beginning to end offsets, as tests assert on them. */
final class TopicReader {
  /**
   * One record as tests see it; {@code value} null is a tombstone; {@code node}: its node header.
   */
  record Rec(String key, byte[] value, String source, String type, String node) {
    boolean tombstone() {
      return value == null;
    }
  }

  private TopicReader() {}

  static List<Rec> read(String bootstrap, String topic) {
    return new CompactedTopicReader(Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(30))
        .read(topic).stream()
            .map(
                r ->
                    new Rec(
                        r.key(),
                        r.value(),
                        CloudEventHeaders.get(r.headers(), CloudEventHeaders.SOURCE),
                        CloudEventHeaders.get(r.headers(), CloudEventHeaders.TYPE),
                        NodeHeader.read(r.headers())))
            .toList();
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
