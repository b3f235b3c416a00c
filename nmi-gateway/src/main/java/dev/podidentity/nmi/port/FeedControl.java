package dev.podidentity.nmi.port;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What the view's reader asks of the Kafka consumer that feeds it: which partitions to read, and
 * how far they go. Both answers come from the consumer itself, so "current as of then" means
 * exactly the partitions it reads.
 */
public interface FeedControl {
  /** The partition count of {@code topic}. */
  Uni<Integer> partitions(String topic);

  /**
   * Reads exactly {@code partitions} from now on, {@code fromStart} of them from their beginning
   * (the others where they are). Completes with the end offsets of all of them, taken after the
   * change.
   */
  Uni<EndOffsets> read(Set<TopicPartition> partitions, Set<TopicPartition> fromStart);

  /** The end offsets of what is read now, and when they were taken. */
  Uni<EndOffsets> endOffsets();

  /** End offsets and the moment (epoch ms) they were asked for. */
  record EndOffsets(Map<TopicPartition, Long> offsets, long takenAtMillis) {}
}
