package dev.podidentity.azuresim.http;

import io.vertx.core.Vertx;
import java.time.Instant;
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
    volatile Instant end;

    Operation(String id, String targetKey, long latencyMillis, Runnable effect) {
      this.id = id;
      this.targetKey = targetKey;
      this.dueMillis = start.toEpochMilli() + Math.max(0, latencyMillis);
      this.effect = effect;
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
  public Operation start(String targetKey, long latencyMillis, Runnable effect) {
    forgetOldOperations();
    Operation op = new Operation(UUID.randomUUID().toString(), targetKey, latencyMillis, effect);
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

  /** Real seconds a client should wait before polling again: the time left, rounded up, >= 1. */
  public static long retryAfterSeconds(Operation op, long latencyMillis) {
    long left = latencyMillis - (Instant.now().toEpochMilli() - op.start.toEpochMilli());
    return Math.max(1, (left + 999) / 1000);
  }
}
