package dev.podidentity.nmi.adapter.kafka;

import dev.podidentity.nmi.port.FeedControl;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The view channel's own consumer, reached through the connector's {@link KafkaClientService}:
 * every call runs on the channel's polling thread, between two polls, so it never races the
 * connector. Partitions it is told to read are assigned (no group, nothing committed); a partition
 * it did not read before starts at its beginning.
 */
public final class KafkaFeedControl implements FeedControl {
  private final KafkaClientService clients;
  private final String channel;

  public KafkaFeedControl(KafkaClientService clients, String channel) {
    this.clients = clients;
    this.channel = channel;
  }

  @Override
  public Uni<Integer> partitions(String topic) {
    return consumer().runOnPollingThread((Consumer<Object, Object> c) -> partitions(c, topic));
  }

  @Override
  public Uni<EndOffsets> read(Set<TopicPartition> partitions, Set<TopicPartition> fromStart) {
    return consumer()
        .runOnPollingThread((Consumer<Object, Object> c) -> read(c, partitions, fromStart));
  }

  @Override
  public Uni<EndOffsets> endOffsets() {
    return consumer().runOnPollingThread((Consumer<Object, Object> c) -> endOffsets(c));
  }

  /** The partition count of {@code topic}, asked of {@code consumer}. */
  public static int partitions(Consumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic).size();
  }

  /** Assigns {@code partitions}; new ones and {@code fromStart} start at their beginning. */
  public static EndOffsets read(
      Consumer<?, ?> consumer, Set<TopicPartition> partitions, Set<TopicPartition> fromStart) {
    Set<TopicPartition> seek = new HashSet<>(partitions);
    seek.removeAll(consumer.assignment());
    seek.addAll(fromStart);
    consumer.assign(partitions);
    consumer.seekToBeginning(seek);
    return endOffsets(consumer);
  }

  /** The end offsets of what {@code consumer} reads, stamped with the time they were asked. */
  public static EndOffsets endOffsets(Consumer<?, ?> consumer) {
    long at = System.currentTimeMillis();
    return new EndOffsets(consumer.endOffsets(consumer.assignment()), at);
  }

  private KafkaConsumer<Object, Object> consumer() {
    KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
    if (consumer == null) {
      throw new IllegalStateException("the " + channel + " channel has no consumer");
    }
    return consumer;
  }
}
