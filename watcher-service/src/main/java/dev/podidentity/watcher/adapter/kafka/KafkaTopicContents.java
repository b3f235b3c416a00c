package dev.podidentity.watcher.adapter.kafka;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.watcher.port.TopicContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads a compacted topic from the beginning to the end offsets taken at the start, with a plain
 * consumer (assigned partitions, no group, nothing committed), keeping the last value per key.
 */
public final class KafkaTopicContents implements TopicContents {
  private static final Logger LOG = Logger.getLogger(KafkaTopicContents.class);

  private final String bootstrapServers;
  private final Duration timeout;

  public KafkaTopicContents(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  @Override
  public Map<String, Optional<Event>> latest(String topic) {
    Class<? extends Event> type = valueType(topic);
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Optional<Event>> latest = new HashMap<>();
    int unreadable = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
      end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
      while (!end.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end within " + timeout + "; behind: " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
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
            LOG.warnf(
                "event=unreadable-record topic=%s partition=%d offset=%d key=%s reason=%s",
                topic, r.partition(), r.offset(), r.key(), e.getMessage());
          }
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException("could not read " + topic + ": " + e.getMessage(), e);
    }
    LOG.infof(
        "event=topic-read topic=%s live_keys=%d unreadable=%d", topic, latest.size(), unreadable);
    return latest;
  }

  static Class<? extends Event> valueType(String topic) {
    switch (topic) {
      case Topics.NODES:
        return NodeRecord.class;
      case Topics.PODS:
        return PodRecord.class;
      case Topics.CONFIG:
        return ConfigRecord.class;
      default:
        throw new IllegalArgumentException("the watcher does not own topic " + topic);
    }
  }

  private Map<String, Object> settings() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return c;
  }
}
