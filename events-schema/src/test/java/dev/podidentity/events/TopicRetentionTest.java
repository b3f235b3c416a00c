package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each topic keeps, and for how long: the history's window is the contract's. */
class TopicRetentionTest {
  private static long millis(TopicSpec spec, String key) {
    return Long.parseLong(spec.config().get(key));
  }

  @Test
  void assignmentsAndLedgerKeepEveryRecordForTheHistoryWindow() {
    assertThat(Topics.HISTORY_WINDOW).isEqualTo(Duration.ofDays(7));
    for (String topic : List.of(Topics.ASSIGNMENTS, Topics.LEDGER)) {
      TopicSpec spec = Topics.spec(topic);
      assertThat(spec.compacted()).as(topic).isTrue();
      assertThat(millis(spec, "min.compaction.lag.ms"))
          .as(topic)
          .isEqualTo(Topics.HISTORY_WINDOW.toMillis());
    }
  }

  @Test
  void tombstonesStayAtLeastAsLongAsTheRecordsBeforeThem() {
    for (TopicSpec spec : Topics.ALL) {
      if (spec.config().containsKey("min.compaction.lag.ms")) {
        assertThat(millis(spec, "delete.retention.ms"))
            .as(spec.name() + ": a deleted pod's end must outlive its beginning")
            .isGreaterThanOrEqualTo(millis(spec, "min.compaction.lag.ms"));
      }
    }
  }

  @Test
  void heartbeatsAreKeptMinutesSoAnNmiReplaysThemAtOnce() {
    TopicSpec spec = Topics.spec(Topics.HEARTBEATS);

    assertThat(spec.config()).containsEntry("cleanup.policy", "delete");
    // At one beat a second: at most ten minutes and the segment being deleted, under a thousand.
    assertThat(millis(spec, "retention.ms")).isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(millis(spec, "segment.ms")).isLessThanOrEqualTo(Duration.ofMinutes(1).toMillis());
    assertThat(spec.partitions()).isOne();
  }

  @Test
  void theOtherStateTopicsKeepOnlyTheLatestValueAndTombstonesADay() {
    for (String topic : List.of(Topics.NODES, Topics.PODS, Topics.CONFIG)) {
      assertThat(Topics.spec(topic).config())
          .as(topic)
          .isEqualTo(
              Map.of(
                  "cleanup.policy", "compact",
                  "min.cleanable.dirty.ratio", "0.1",
                  "delete.retention.ms", "86400000"));
    }
  }
}
