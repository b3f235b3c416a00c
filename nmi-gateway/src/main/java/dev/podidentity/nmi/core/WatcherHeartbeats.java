package dev.podidentity.nmi.core;

import dev.podidentity.events.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the watcher's heartbeats vouch for, as this node reads them: a heartbeat as of T says the
 * cluster topics held every change the watcher had seen by T, and the view holds those once every
 * record below end offsets taken after the heartbeat was written has been handled. So only a
 * heartbeat below a reached goal counts, and the newest such as-of time is the latest moment the
 * view is known to match the cluster. The feed updates it under its monitor; {@link #describe} and
 * {@link #vouchedAt} may be read from any thread.
 */
public final class WatcherHeartbeats {
  /** Heartbeats handled and not yet below a reached goal: offset to as-of time. */
  private final TreeMap<Long, Long> handled = new TreeMap<>();

  // Written under the feed's monitor, read without it: readiness never waits for a batch.
  private volatile long vouchedAt;

  /** A heartbeat at {@code offset}, as of {@code asOfMillis}, has been handled. */
  public void handled(long offset, long asOfMillis) {
    handled.put(offset, asOfMillis);
  }

  /**
   * Every record below {@code goal} (the heartbeats' end offset of a reached confirmation; null
   * when the topic was not read) has been handled: answers the newest as-of time vouched for so
   * far, 0 when none.
   */
  public long reached(Long goal) {
    if (goal != null) {
      Map<Long, Long> below = handled.headMap(goal);
      for (long asOf : below.values()) {
        vouchedAt = Math.max(vouchedAt, asOf);
      }
      below.clear();
    }
    return vouchedAt;
  }

  /** What the heartbeats vouch for, for people (readiness details). */
  public String describe() {
    long at = vouchedAt;
    return at == 0
        ? "no heartbeat from the watcher yet (" + Topics.HEARTBEATS + "; is a watcher leading?)"
        : "the watcher's newest heartbeat is as of " + Instant.ofEpochMilli(at);
  }

  /** The newest as-of time vouched for, 0 when none yet. */
  public long vouchedAt() {
    return vouchedAt;
  }
}
