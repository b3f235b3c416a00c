package dev.podidentity.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Topic names and settings: the only place they are written down. */
public final class Topics {
  public static final String NODES = "podidentity.nodes.v1";
  public static final String PODS = "podidentity.pods.v1";
  public static final String CONFIG = "podidentity.config.v1";
  public static final String ASSIGNMENTS = "podidentity.assignments.v1";
  public static final String LEDGER = "podidentity.ledger.v1";
  public static final String DEADLETTER = "podidentity.deadletter.v1";
  public static final String HEARTBEATS = "podidentity.heartbeats.v1";

  /**
   * Partitions of the pods and assignments topics. Both must have the same count so a pod and its
   * assignment share a partition number; more partitions allow more assigner replicas.
   */
  public static final int TARGET_PARTITIONS = 6;

  private static final Map<String, String> COMPACTED =
      Map.of(
          "cleanup.policy", "compact",
          "min.cleanable.dirty.ratio", "0.1",
          // Keep tombstones a day, so a reader that was down for hours still sees deletions.
          "delete.retention.ms", "86400000");

  /**
   * How long every record of the assignments and ledger topics stays readable before compaction may
   * drop it for a newer value of its key: the window of {@code podidentity history} (who held which
   * identity on which scale set when). After it, compaction keeps the latest value per key.
   */
  public static final Duration HISTORY_WINDOW = Duration.ofDays(7);

  /**
   * The audit trail's topics: compacted, but no record is compacted away before it is {@link
   * #HISTORY_WINDOW} old ({@code min.compaction.lag.ms}), and a tombstone stays as long after the
   * cleaner first sees it ({@code delete.retention.ms}), so a deleted pod's end and a scale set's
   * last change are in the history as long as their beginnings.
   */
  private static final Map<String, String> HISTORY =
      Map.of(
          "cleanup.policy",
          "compact",
          "min.cleanable.dirty.ratio",
          "0.1",
          "min.compaction.lag.ms",
          String.valueOf(HISTORY_WINDOW.toMillis()),
          "delete.retention.ms",
          String.valueOf(HISTORY_WINDOW.toMillis()));

  /**
   * Dead letters are a log of failures, not state: compaction would keep only the last failure of a
   * key, so they are kept by time instead (14 days) and nothing is lost.
   */
  private static final Map<String, String> RETAINED =
      Map.of("cleanup.policy", "delete", "retention.ms", "1209600000");

  /**
   * The watcher's heartbeats are a liveness signal, not state: every NMI replays the topic at
   * start, so it keeps minutes of them (deleted by time, in one-minute segments), never days.
   */
  private static final Map<String, String> HEARTBEAT =
      Map.of("cleanup.policy", "delete", "retention.ms", "600000", "segment.ms", "60000");

  public static final List<TopicSpec> ALL =
      List.of(
          new TopicSpec(NODES, 1, COMPACTED),
          new TopicSpec(PODS, TARGET_PARTITIONS, COMPACTED),
          new TopicSpec(CONFIG, 1, COMPACTED),
          new TopicSpec(ASSIGNMENTS, TARGET_PARTITIONS, HISTORY),
          new TopicSpec(LEDGER, 1, HISTORY),
          new TopicSpec(DEADLETTER, 1, RETAINED),
          new TopicSpec(HEARTBEATS, 1, HEARTBEAT));

  private Topics() {}

  /**
   * The value type of a topic of the contract; the dead-letter topic has none (it keeps whatever
   * bytes could not be read).
   */
  public static Class<? extends Event> valueType(String topic) {
    return switch (topic) {
      case NODES -> NodeRecord.class;
      case PODS -> PodRecord.class;
      case CONFIG -> ConfigRecord.class;
      case ASSIGNMENTS -> AssignmentRecord.class;
      case LEDGER -> LedgerRecord.class;
      case HEARTBEATS -> HeartbeatRecord.class;
      default -> throw new IllegalArgumentException("no event type for topic " + topic);
    };
  }

  public static TopicSpec spec(String name) {
    return ALL.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown topic " + name));
  }
}
