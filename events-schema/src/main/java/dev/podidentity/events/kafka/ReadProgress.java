package dev.podidentity.events.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a reader has handled each partition, compared with end offsets taken at some moment:
 * "current as of then" means every record below those offsets has been handled. Readers of
 * compacted topics use it for the moment they may act (the assigner's replay barrier, the NMI's
 * readiness and freshness).
 *
 * <p>It counts records handled, not fetched: a record fetched by the consumer but still queued
 * before the handler does not count. A compacted partition's last record is never removed (the log
 * cleaner leaves the active segment alone) and the project writes no transactions, so the record at
 * {@code end - 1} always arrives and handling it reaches the end.
 */
public final class ReadProgress {
  private final Map<TopicPartition, Long> next = new HashMap<>();

  /** The record at {@code offset} of {@code topic}-{@code partition} has been handled. */
  public synchronized void handled(String topic, int partition, long offset) {
    next.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
  }

  /**
   * The reader went back to the start of {@code partition} (or gave it up): forget its progress.
   */
  public synchronized void reset(TopicPartition partition) {
    next.remove(partition);
  }

  /** Whether every record below {@code ends} has been handled. */
  public synchronized boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (next.getOrDefault(e.getKey(), 0L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The partitions still below {@code ends}, with how many offsets each is behind (for logs). */
  public synchronized Map<String, Long> behind(Map<TopicPartition, Long> ends) {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      long missing = e.getValue() - next.getOrDefault(e.getKey(), 0L);
      if (missing > 0) {
        out.put(e.getKey().toString(), missing);
      }
    }
    return out;
  }
}
