package dev.podidentity.azuresim.http;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM long-running operations: an update is accepted with 202 and completes after the configured
 * latency; clients poll its Azure-AsyncOperation (or Location) URL until it is done.
 */
public final class Operations {

  /**
   * One operation; {@code done} flips once, after its effect has been applied. It completes at its
   * due time exactly: a poll arriving then finishes it even if the timer has not fired yet (a busy
   * event loop runs timers late), so clients see the latency that was configured.
   */
  public static final class Operation {
    final String id;
    final String targetKey;
    final Instant start = Instant.now();
    private final long dueMillis;
    private final Runnable effect;
    private final List<String> added;
    private final List<String> removed;
    volatile Instant end;

    /** When a client was first told the operation is done (a poll, or the update's own answer). */
    private volatile Instant reported;

    Operation(
        String id,
        String targetKey,
        long latencyMillis,
        Runnable effect,
        List<String> added,
        List<String> removed) {
      this.id = id;
      this.targetKey = targetKey;
      this.dueMillis = start.toEpochMilli() + Math.max(0, latencyMillis);
      this.effect = effect;
      this.added = List.copyOf(added);
      this.removed = List.copyOf(removed);
    }

    /** Notes that an answer says the operation is done; the first such answer counts. */
    void reportedDone() {
      if (reported == null && end != null) {
        reported = Instant.now();
      }
    }

    /**
     * What a benchmark needs to place the operation on a timeline: target, identity ids added and
     * removed (as the client sent them), and epoch milliseconds of its start, its end and the first
     * answer that told a client it had ended (absent while unknown).
     */
    Map<String, Object> timing() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("target", targetKey);
      m.put("added", added);
      m.put("removed", removed);
      m.put("startMillis", start.toEpochMilli());
      if (end != null) {
        m.put("endMillis", end.toEpochMilli());
      }
      if (reported != null) {
        m.put("reportedMillis", reported.toEpochMilli());
      }
      return m;
    }

    public boolean done() {
      if (end == null && System.currentTimeMillis() >= dueMillis) {
        complete();
      }
      return end != null;
    }

    synchronized void complete() {
      if (end != null) {
        return;
      }
      try {
        effect.run();
      } finally {
        end = Instant.now();
      }
    }

    public String targetKey() {
      return targetKey;
    }

    public Map<String, Object> statusBody() {
      return end == null
          ? Map.of("name", id, "status", "InProgress", "startTime", start.toString())
          : Map.of(
              "name",
              id,
              "status",
              "Succeeded",
              "startTime",
              start.toString(),
              "endTime",
              end.toString());
    }
  }

  private final Vertx vertx;
  private final Map<String, Operation> ops = new ConcurrentHashMap<>();

  public Operations(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts an operation whose effect runs after {@code latencyMillis} (at once when 0, so tests are
   * deterministic).
   */
  public Operation start(
      String targetKey,
      long latencyMillis,
      Runnable effect,
      List<String> added,
      List<String> removed) {
    forgetOldOperations();
    Operation op =
        new Operation(
            UUID.randomUUID().toString(), targetKey, latencyMillis, effect, added, removed);
    ops.put(op.id, op);
    if (latencyMillis <= 0) {
      op.complete();
    } else {
      vertx.setTimer(latencyMillis, id -> op.complete());
    }
    return op;
  }

  /**
   * Completed operations stay pollable for a while, then go, so a long benchmark does not keep
   * every operation it ever ran.
   */
  private void forgetOldOperations() {
    if (ops.size() > 1_000) {
      Instant cutoff = Instant.now().minusSeconds(600);
      ops.values().removeIf(op -> op.end != null && op.end.isBefore(cutoff));
    }
  }

  public Operation get(String id) {
    return ops.get(id);
  }

  /** Every operation still kept (the last ten minutes' at least), by start time. */
  public List<Map<String, Object>> timings() {
    return ops.values().stream()
        .sorted(Comparator.comparing((Operation op) -> op.start))
        .map(Operation::timing)
        .toList();
  }

  /** Real seconds a client should wait before polling again: the time left, rounded up, >= 1. */
  public static long retryAfterSeconds(Operation op, long latencyMillis) {
    long left = latencyMillis - (Instant.now().toEpochMilli() - op.start.toEpochMilli());
    return Math.max(1, (left + 999) / 1000);
  }
}
