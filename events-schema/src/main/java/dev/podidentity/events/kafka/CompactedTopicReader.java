package dev.podidentity.events.kafka;

import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole compacted topic once: from the beginning to the end offsets taken at the call,
 * keeping the last value per key. This is the one reader of "the whole table" in the project (the
 * watcher's resync as leader, the tests, the tools). Services that follow a topic continuously use
 * Reactive Messaging channels instead; a read that starts, reaches an end and stops is not a
 * stream, so it uses a short-lived plain consumer: assigned partitions, no group, nothing
 * committed.
 *
 * <p>The client settings are the service's own Kafka settings (security included), so whatever
 * reaches the broker for the channels reaches it here too.
 */
public final class CompactedTopicReader {
  private static final System.Logger LOG = System.getLogger(CompactedTopicReader.class.getName());

  private final Map<String, Object> settings;
  private final Duration timeout;

  /**
   * @param kafka the Kafka client settings (bootstrap servers, security); consumer-only keys that
   *     would change what is read are replaced
   * @param timeout how long one read of a topic may take, end to end
   */
  public CompactedTopicReader(Map<String, Object> kafka, Duration timeout) {
    this.timeout = timeout;
    Map<String, Object> c = new HashMap<>(kafka);
    // No group: nothing is committed, and no group ACL is needed to read.
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.settings = Map.copyOf(c);
  }

  /**
   * The latest value of every live key of {@code topic}, parsed as the contract's type for it. An
   * empty Optional marks a value that could not be parsed (the key exists, its value is unusable).
   *
   * @throws IllegalStateException when the topic cannot be read to its end within the timeout
   */
  public Map<String, Optional<Event>> latest(String topic) {
    return latest(topic, (done, total) -> {});
  }

  /** As {@link #latest(String)}, telling {@code progress} how the read goes. */
  public Map<String, Optional<Event>> latest(String topic, Progress progress) {
    Class<? extends Event> type = Topics.valueType(topic);
    Map<String, Optional<Event>> latest = new HashMap<>();
    int unreadable = 0;
    for (ConsumerRecord<String, byte[]> r : read(topic, progress)) {
      if (r.key() == null) {
        continue; // not ours: every record of the contract has a key
      }
      if (r.value() == null) {
        latest.remove(r.key());
        continue;
      }
      try {
        latest.put(r.key(), Optional.of(EventJson.parse(r.value(), type)));
      } catch (EventParseException e) {
        unreadable++;
        latest.put(r.key(), Optional.empty());
        LOG.log(
            System.Logger.Level.WARNING,
            "event=unreadable-record topic={0} partition={1} offset={2} key={3} reason={4}",
            topic,
            r.partition(),
            r.offset(),
            r.key(),
            e.getMessage());
      }
    }
    LOG.log(
        System.Logger.Level.INFO,
        "event=topic-read topic={0} live_keys={1} unreadable={2}",
        topic,
        latest.size(),
        unreadable);
    return latest;
  }

  /** Every record of {@code topic} up to the end offsets taken at the call, in partition order. */
  public List<ConsumerRecord<String, byte[]>> read(String topic) {
    return read(topic, (done, total) -> {});
  }

  /** What a long read has done so far: records read and records to read in all. */
  @FunctionalInterface
  public interface Progress {
    void read(long done, long total);
  }

  /**
   * As {@link #read(String)}, telling {@code progress} after every poll (people waiting at a
   * terminal want to see a long read move).
   */
  public List<ConsumerRecord<String, byte[]>> read(String topic, Progress progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
      long total = 0;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        total += e.getValue() - consumer.position(e.getKey(), timeout);
      }
      end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
      while (!end.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end within " + timeout + "; behind: " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
          if (stop != null && r.offset() < stop) {
            out.add(r);
          }
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        progress.read(out.size(), total);
      }
    } catch (KafkaException e) {
      throw new IllegalStateException("could not read " + topic + ": " + e.getMessage(), e);
    }
    return out;
  }
}
