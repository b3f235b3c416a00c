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

  /** One operation; {@code done} flips once, after its effect has been applied. */
  public static final class Operation {
    final String id;
    final String targetKey;
    final Instant start = Instant.now();
    volatile Instant end;

    Operation(String id, String targetKey) {
      this.id = id;
      this.targetKey = targetKey;
    }

    public boolean done() {
      return end != null;
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
    Operation op = new Operation(UUID.randomUUID().toString(), targetKey);
    ops.put(op.id, op);
    Runnable complete =
        () -> {
          try {
            effect.run();
          } finally {
            op.end = Instant.now();
          }
        };
    if (latencyMillis <= 0) {
      complete.run();
    } else {
      vertx.setTimer(latencyMillis, id -> complete.run());
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
