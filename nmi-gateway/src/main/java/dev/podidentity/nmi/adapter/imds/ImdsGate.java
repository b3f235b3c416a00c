package dev.podidentity.nmi.adapter.imds;

import dev.podidentity.events.flow.TokenBucket;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Keeps the node inside IMDS's own per-VM limits: at most {@code maxInFlight} calls at once and
 * {@code perSecond} started a second. Calls beyond wait in a bounded queue, in order, and give up
 * at their deadline; so IMDS answering 429 is the exception, not the flow control.
 */
final class ImdsGate {
  private static final int MAX_QUEUED = 2_000;

  private final Vertx vertx;
  private final int maxInFlight;
  private final TokenBucket bucket;
  private final Deque<Pending<?>> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean timerSet;

  private record Pending<T>(Supplier<Future<T>> call, Promise<T> promise, long deadlineMillis) {}

  ImdsGate(Vertx vertx, int maxInFlight, int perSecond) {
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.bucket = new TokenBucket(perSecond, perSecond, System.nanoTime());
  }

  <T> Future<T> submit(Supplier<Future<T>> call, long deadlineMillis) {
    Promise<T> promise = Promise.promise();
    synchronized (this) {
      if (queue.size() >= MAX_QUEUED) {
        return Future.failedFuture(
            new UpstreamException(503, true, "too many IMDS calls waiting on this node", null));
      }
      queue.add(new Pending<>(call, promise, deadlineMillis));
    }
    pump();
    return promise.future();
  }

  private void pump() {
    while (true) {
      Pending<?> next;
      synchronized (this) {
        next = nextRunnable();
        if (next == null) {
          return;
        }
        inFlight++;
      }
      run(next);
    }
  }

  /** The next call allowed to start now, or null (arming a timer for the bucket if needed). */
  private Pending<?> nextRunnable() {
    long now = System.currentTimeMillis();
    while (!queue.isEmpty() && queue.peek().deadlineMillis() <= now) {
      queue
          .poll()
          .promise()
          .tryFail(
              new UpstreamException(503, true, "IMDS limit: no slot before the deadline", null));
    }
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return null;
    }
    long nanos = System.nanoTime();
    if (!bucket.tryTake(nanos)) {
      if (!timerSet) {
        timerSet = true;
        long waitMs = Math.max(1, bucket.waitNanos(nanos) / 1_000_000);
        vertx.setTimer(
            waitMs,
            t -> {
              synchronized (this) {
                timerSet = false;
              }
              pump();
            });
      }
      return null;
    }
    return queue.poll();
  }

  private <T> void run(Pending<T> p) {
    Future<T> f;
    try {
      f = p.call().get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(
        ar -> {
          synchronized (this) {
            inFlight--;
          }
          p.promise().handle(ar);
          pump();
        });
  }
}
