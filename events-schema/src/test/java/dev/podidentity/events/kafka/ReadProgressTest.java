package dev.podidentity.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReadProgressTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private final ReadProgress progress = new ReadProgress();

  @Test
  void emptyPartitionsAreReachedAtOnce() {
    assertThat(progress.reached(Map.of(P0, 0L, P1, 0L))).isTrue();
  }

  @Test
  void reachedOnlyOnceTheRecordBelowTheEndOfEveryPartitionIsHandled() {
    Map<TopicPartition, Long> ends = Map.of(P0, 3L, P1, 1L);
    progress.handled("t", 0, 2);
    assertThat(progress.reached(ends)).isFalse();
    assertThat(progress.behind(ends)).containsExactly(Map.entry("t-1", 1L));

    progress.handled("t", 1, 0);
    assertThat(progress.reached(ends)).isTrue();
    assertThat(progress.behind(ends)).isEmpty();
  }

  @Test
  void gapsLeftByCompactionDoNotMatterOnlyTheLastRecordDoes() {
    progress.handled("t", 0, 7);
    progress.handled("t", 0, 40);
    assertThat(progress.reached(Map.of(P0, 41L))).isTrue();
    assertThat(progress.reached(Map.of(P0, 42L))).isFalse();
  }

  @Test
  void anOlderRecordHandledLaterDoesNotMoveProgressBack() {
    progress.handled("t", 0, 9);
    progress.handled("t", 0, 4);
    assertThat(progress.reached(Map.of(P0, 10L))).isTrue();
  }

  @Test
  void aResetPartitionMustBeReadAgain() {
    progress.handled("t", 0, 9);
    progress.reset(P0);
    assertThat(progress.reached(Map.of(P0, 10L))).isFalse();
    progress.handled("t", 0, 9);
    assertThat(progress.reached(Map.of(P0, 10L))).isTrue();
  }
}
