package dev.podidentity.assigner.adapter.kafka;

import dev.podidentity.assigner.engine.AssignerMetrics;
import dev.podidentity.assigner.engine.InputFeed;
import dev.podidentity.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer group's hand-outs to this replica on the {@code assigner-owned} channel. Partitions
 * gained are read again from their beginning and the end offsets the replay must reach are taken
 * (theirs, the config topic's and the ledger's); partitions lost are handed over once their runs in
 * flight end. Both run on the channel's polling thread, inside the consumer's poll, as Kafka's
 * rebalance protocol expects: the group waits for the hand-over.
 */
@ApplicationScoped
@Identifier(OwnedPartitions.NAME)
public class OwnedPartitions implements KafkaConsumerRebalanceListener {
  public static final String NAME = "assigner-rebalance";

  /** What an assignment means for the assigner's inputs. */
  public record Assignment(int podPartitions, Set<Integer> added, Map<TopicPartition, Long> ends) {}

  @Inject InputFeed inputs;
  @Inject AssignerMetrics metrics;

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    Assignment a = assigned(consumer, partitions);
    inputs.assigned(a.podPartitions(), a.added(), a.ends());
    if (!a.added().isEmpty()) {
      metrics.partitionsGained();
    }
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    inputs.revoked(podPartitions(partitions));
  }

  /**
   * Seeks the gained partitions to their beginning and takes the end offsets to reach: theirs and
   * those of the config topic, the ledger and the nodes topic (one partition each, checked at
   * start).
   */
  public static Assignment assigned(Consumer<?, ?> consumer, Collection<TopicPartition> gained) {
    consumer.seekToBeginning(gained);
    Set<TopicPartition> all = new HashSet<>(gained);
    all.add(new TopicPartition(Topics.CONFIG, 0));
    all.add(new TopicPartition(Topics.LEDGER, 0));
    all.add(new TopicPartition(Topics.NODES, 0));
    return new Assignment(
        consumer.partitionsFor(Topics.PODS).size(),
        podPartitions(gained),
        consumer.endOffsets(all));
  }

  public static Set<Integer> podPartitions(Collection<TopicPartition> partitions) {
    return partitions.stream()
        .filter(tp -> Topics.PODS.equals(tp.topic()))
        .map(TopicPartition::partition)
        .collect(Collectors.toSet());
  }
}
