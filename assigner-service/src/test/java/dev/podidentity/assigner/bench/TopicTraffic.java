package dev.podidentity.assigner.bench;

import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records and bytes written to each of the project's topics between two moments: the end offsets
 * are taken at {@link #start()}, and {@link #since()} reads what came after them. Bytes are what a
 * record carries (key, value and headers), before the broker's batch framing and compression.
 */
final class TopicTraffic implements AutoCloseable {
  static final List<String> TOPICS =
      List.of(
          Topics.NODES,
          Topics.PODS,
          Topics.CONFIG,
          Topics.ASSIGNMENTS,
          Topics.LEDGER,
          Topics.DEADLETTER);

  /** One topic's traffic. */
  record Count(long records, long bytes) {}

  private final KafkaConsumer<byte[], byte[]> consumer =
      new KafkaConsumer<>(
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
              SharedKafka.bootstrapServers(),
              ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
              5000),
          new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
  private final List<TopicPartition> partitions = new ArrayList<>();
  private Map<TopicPartition, Long> from = Map.of();

  TopicTraffic start() {
    for (String topic : TOPICS) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    from = consumer.endOffsets(partitions);
    return this;
  }

  /** What each topic received since {@link #start()}, in {@link #TOPICS} order. */
  Map<String, Count> since() {
    Map<TopicPartition, Long> to = consumer.endOffsets(partitions);
    Map<String, long[]> sums = new LinkedHashMap<>();
    TOPICS.forEach(t -> sums.put(t, new long[2]));
    consumer.assign(partitions);
    long remaining = 0;
    for (TopicPartition tp : partitions) {
      consumer.seek(tp, from.get(tp));
      remaining += to.get(tp) - from.get(tp);
    }
    while (remaining > 0) {
      var batch = consumer.poll(Duration.ofSeconds(1));
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() >= to.get(tp)) {
          continue;
        }
        remaining--;
        long[] sum = sums.get(r.topic());
        sum[0]++;
        sum[1] += size(r.key()) + size(r.value());
        for (Header h : r.headers()) {
          sum[1] += h.key().length() + size(h.value());
        }
      }
      if (batch.isEmpty()) {
        break; // transaction markers and compacted gaps count in offsets but are no records
      }
    }
    Map<String, Count> out = new LinkedHashMap<>();
    sums.forEach((t, s) -> out.put(t, new Count(s[0], s[1])));
    return out;
  }

  private static long size(byte[] b) {
    return b == null ? 0 : b.length;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
