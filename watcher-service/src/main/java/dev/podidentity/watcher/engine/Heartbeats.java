package dev.podidentity.watcher.engine;

import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.port.EventPublisher;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The leader's heartbeat ({@link HeartbeatRecord}): a beat at T says the topics hold every change
 * seen before T, so it is written only once every send handed over before T is acknowledged; and a
 * failed send leaves its change off the topics until a resync sends it again, so no beat is written
 * from the failure until that resync. One beat at a time: a beat still waiting for a slow broker
 * makes the next tick skip, and the NMIs' bound grows, which is the point.
 *
 * <p>A failure is counted in the send's own callback, before the send leaves the in-flight set, so
 * a beat never sees it gone without seeing it failed; the watcher forgets the key later, under its
 * lock, and owes a resync from then on.
 */
final class Heartbeats {
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedNotForgotten = new AtomicInteger();
  private final AtomicBoolean beating = new AtomicBoolean();
  private final EventPublisher publisher;
  private final Tasks tasks;
  private final String instance;
  private final WatcherMetrics metrics;
  private volatile boolean resyncOwed;

  Heartbeats(EventPublisher publisher, Tasks tasks, String instance, WatcherMetrics metrics) {
    this.publisher = publisher;
    this.tasks = tasks;
    this.instance = instance;
    this.metrics = metrics;
  }

  /** Tracks a record's send. */
  void track(CompletableFuture<Void> sent) {
    inFlight.add(sent);
    sent.whenComplete(
        (ok, error) -> {
          if (error != null) {
            failedNotForgotten.incrementAndGet();
          }
          inFlight.remove(sent);
        });
  }

  /** The watcher forgot a failed key: a resync must send it again. */
  void forgotten() {
    resyncOwed = true;
    failedNotForgotten.decrementAndGet();
  }

  boolean resyncOwed() {
    return resyncOwed;
  }

  /** A resync has handed every forgotten key over again. */
  void resynced() {
    resyncOwed = false;
  }

  /**
   * Writes a beat as of {@code asOfMillis} once every send handed over so far is acknowledged, if
   * {@code current} still holds then; does nothing while a beat is under way or a failure is not
   * made good.
   */
  void beat(long asOfMillis, BooleanSupplier current) {
    // The sends first, then the failures: a send that failed in between is either still among
    // the sends (and fails the beat) or already counted.
    CompletableFuture<?>[] before = inFlight.toArray(CompletableFuture[]::new);
    if (resyncOwed || failedNotForgotten.get() > 0 || !beating.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture.allOf(before)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                beating.set(false); // a failed send: its resync comes first
              } else {
                // Not on the producer's callback thread: current() takes the watcher's lock.
                tasks.now(() -> write(asOfMillis, current));
              }
            });
  }

  private void write(long asOfMillis, BooleanSupplier current) {
    if (resyncOwed || !current.getAsBoolean()) {
      beating.set(false);
      return;
    }
    Publication beat =
        new Publication(
            Topics.HEARTBEATS, HeartbeatRecord.KEY, HeartbeatRecord.of(instance, asOfMillis), null);
    CompletableFuture<Void> sent;
    try {
      sent = publisher.send(beat).toCompletableFuture();
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (ok, error) -> {
          beating.set(false);
          metrics.heartbeat(asOfMillis, error == null);
        });
  }
}
