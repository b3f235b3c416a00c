package dev.podidentity.nmi.engine.view;

import dev.podidentity.events.Topics;
import dev.podidentity.events.authorization.ViewState;
import dev.podidentity.nmi.port.FeedControl;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer of one partition per topic, at the end offsets a test sets per topic (0 unless set),
 * taken at the time the test's clock says.
 */
final class SetEnds implements FeedControl {
  final Map<String, Long> ends = new HashMap<>();
  private final LongSupplier clock;

  SetEnds(LongSupplier clock) {
    this.clock = clock;
  }

  /** A feed of {@code node}'s view into {@code holder} reading through this, started. */
  ViewFeed started(ViewHolder holder) {
    ViewFeed feed =
        new ViewFeed(new ViewState(holder.current().nodeName()), holder, this, () -> {});
    feed.start().await().indefinitely();
    return feed;
  }

  @Override
  public Uni<Integer> partitions(String topic) {
    return Uni.createFrom().item(1);
  }

  @Override
  public Uni<EndOffsets> read(Set<TopicPartition> partitions, Set<TopicPartition> fromStart) {
    return endOffsets();
  }

  @Override
  public Uni<EndOffsets> endOffsets() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (String topic :
        List.of(Topics.NODES, Topics.CONFIG, Topics.PODS, Topics.ASSIGNMENTS, Topics.HEARTBEATS)) {
      offsets.put(new TopicPartition(topic, 0), ends.getOrDefault(topic, 0L));
    }
    return Uni.createFrom().item(new EndOffsets(offsets, clock.getAsLong()));
  }
}
