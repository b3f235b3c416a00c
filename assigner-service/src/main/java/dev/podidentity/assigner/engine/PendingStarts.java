package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * When each target's next run starts: at most one pending start per target, an earlier start
 * replacing a later one, and an idle target's changes gathered into one batch. Every method is
 * called with the target's monitor held. Due times are read on the reconciler's clock, the one its
 * timers run on (the system's in the service, a virtual one in tests).
 */
final class PendingStarts {
  /**
   * Timers only hand a run over to the workers, so the application's scheduler may fire them on an
   * event loop; it takes no delay under a millisecond (Vert.x timers), which is also below anything
   * a run could tell apart.
   */
  static final long MIN_TIMER_NANOS = 1_000_000L;

  private final ScheduledExecutorService timers;
  private final LongSupplier clock;
  private final AssignerConfig options;
  private final AtomicInteger depth;
  private final Consumer<TargetWork> start;

  PendingStarts(
      ScheduledExecutorService timers,
      LongSupplier clock,
      AssignerConfig options,
      AtomicInteger depth,
      Consumer<TargetWork> start) {
    this.timers = timers;
    this.clock = clock;
    this.options = options;
    this.depth = depth;
    this.start = start;
  }

  /** Starts idle {@code w} in {@code delayNanos}, unless it is due to start sooner already. */
  void startIn(TargetWork w, long delayNanos) {
    long due = clock.getAsLong() + delayNanos;
    if (w.timer != null) {
      if (w.due <= due) {
        return;
      }
      w.timer.cancel(false);
    } else {
      depth.incrementAndGet();
    }
    w.due = due;
    w.timer = timer(w, delayNanos);
  }

  /**
   * Idle {@code w} changed: it starts once changes have been quiet for the batch window, and at
   * most the batch maximum after the first one. A pending start that is no batch (a backoff, a
   * budget wait) stays as it is.
   */
  void gather(TargetWork w) {
    long window = options.batchWindow().toNanos();
    long now = clock.getAsLong();
    if (w.timer == null) {
      w.batchStart = now;
      startIn(w, window);
    } else if (w.batchStart != 0) {
      long due = Math.min(now + window, w.batchStart + options.batchMax().toNanos());
      if (due > w.due) {
        w.timer.cancel(false);
        w.due = due;
        w.timer = timer(w, due - now);
      }
    }
  }

  /** Re-arms a gathering target's fired timer for a short step, unless its batch maximum is up. */
  boolean hold(TargetWork w) {
    if (w.batchStart == 0) {
      return false; // no batch: a backoff or a budget wait is not held
    }
    long now = clock.getAsLong();
    long left = w.batchStart + options.batchMax().toNanos() - now;
    long step = Math.min(left, Math.max(options.batchWindow().toNanos() / 4, MIN_TIMER_NANOS));
    if (step <= 0) {
      return false;
    }
    w.due = now + step;
    w.timer = timer(w, step);
    return true;
  }

  /** {@code w}'s timer fired and its run starts: nothing is pending any more. */
  void fired(TargetWork w) {
    cancel(w); // it fired: only the queue depth changes
    w.batchStart = 0;
  }

  /** Cancels {@code w}'s pending start, if any. */
  void cancel(TargetWork w) {
    if (w.timer != null) {
      w.timer.cancel(false);
      w.timer = null;
      depth.decrementAndGet();
    }
  }

  private ScheduledFuture<?> timer(TargetWork w, long delayNanos) {
    return timers.schedule(
        () -> start.accept(w), Math.max(delayNanos, MIN_TIMER_NANOS), TimeUnit.NANOSECONDS);
  }
}
