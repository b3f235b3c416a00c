package dev.podidentity.events.kafka;

import dev.podidentity.events.Partitioning;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Places a record by the routing part of its key ({@link dev.podidentity.events.Keys}), so every
 * record of one compute target lands in the same partition number of the pods and assignments
 * topics. Set it as {@code partitioner.class} on every producer of the contract's topics.
 */
public class TargetPartitioner implements Partitioner {
  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    if (key == null) {
      throw new IllegalArgumentException("records of " + topic + " need a key");
    }
    // Producers may serialise keys themselves (byte[] keys); the routing part is the same text.
    String text =
        key instanceof byte[] bytes
            ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
            : key.toString();
    return Partitioning.partitionOfKey(text, cluster.partitionCountForTopic(topic));
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}
}
