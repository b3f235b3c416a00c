package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.TargetPlan;
import dev.podidentity.events.ComputeTarget;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The runs of the reconciler's targets: at most one in flight per target (a run that only publishes
 * counts as one), runs asked for meanwhile collapsed into one after it, and what starts next once a
 * run ends. The reconciler decides what to enqueue; this class only carries it out.
 */
final class TargetRuns {
  private static final Logger LOG = Logger.getLogger(TargetRuns.class);

  private final PendingStarts pending;
  private final ScheduledExecutorService timers;
  private final Executor workers;
  private final TargetSync sync;
  private final Function<TargetWork, TargetPlan> plan;
  private final Predicate<ComputeTarget> owns;
  private final Consumer<TargetWork> forget;
  private final LongSupplier clock;
  private final long window;
  private volatile boolean closed;
  private volatile boolean inputsBehind;
  private volatile boolean backlog;

  /**
   * A batch this large says the consumer is behind: a pod arriving alone comes in a batch of one,
   * and a burst in batches of hundreds (up to the consumer's 500).
   */
  static final int BACKLOG_RECORDS = 100;

  private volatile long inputsHandledAt = Long.MIN_VALUE / 2;

  /**
   * @param plan plans a target (under the state's lock)
   * @param owns whether this replica owns a target now
   * @param forget drops a target that is no longer owned, once its run ended
   */
  TargetRuns(
      ScheduledExecutorService timers,
      Executor workers,
      LongSupplier clock,
      AssignerConfig options,
      AtomicInteger queueDepth,
      TargetSync sync,
      Function<TargetWork, TargetPlan> plan,
      Predicate<ComputeTarget> owns,
      Consumer<TargetWork> forget) {
    this.pending = new PendingStarts(timers, clock, options, queueDepth, this::start);
    this.timers = timers;
    this.workers = workers;
    this.sync = sync;
    this.plan = plan;
    this.owns = owns;
    this.forget = forget;
    this.clock = clock;
    this.window = options.batchWindow().toNanos();
  }

  /** An idle target changed: gather it into a batch, publishing at once what needs no PATCH. */
  void gather(TargetWork w) {
    pending.gather(w);
    publishSoon(w);
  }

  /**
   * The size of the batch of input records being handled. A batch of {@value #BACKLOG_RECORDS} or
   * more means the consumer is behind a burst; see {@link #publishSoon}.
   */
  void inputBatch(int records) {
    backlog = records >= BACKLOG_RECORDS;
  }

  /** Whether pod records are being handled now; see {@link #inputsFlowing}. */
  void inputsBehind(boolean behind) {
    if (!behind) {
      inputsHandledAt = clock.getAsLong();
    }
    inputsBehind = behind;
  }

  /**
   * A gathered batch is held (see PendingStarts) while the inputs are being handled, and until they
   * have been quiet for the batch window. A burst reaches the consumer in uneven batches, each
   * partition's when it comes: held only while a batch was handled, a target whose own pods were
   * quiet for the window started in the gap between two batches, with part of the burst, and the
   * rest waited for a second PATCH (a 10,000-pod burst on 100 scale sets: 100 to 140 of them).
   */
  private boolean inputsFlowing() {
    return inputsBehind || clock.getAsLong() - inputsHandledAt < window;
  }

  /** Cancels {@code w}'s pending start; called with its monitor held. */
  void cancel(TargetWork w) {
    pending.cancel(w);
  }

  /** Nothing starts any more; runs in flight end on their own. */
  void close() {
    closed = true;
  }

  /**
   * A pod whose identities are all on the target already (an eager one, or one other pods hold)
   * waits for no PATCH, so it must not wait for the batch either: a run that only publishes goes
   * now, and the gathered batch still goes out as one PATCH when its window closes. Such a run
   * publishes only what needs no PATCH: a pod still waiting for one is published by the batch's
   * run, before its PATCH. While the consumer is behind a burst, at most one starts per batch
   * window. In a burst of 10,000 pods on 100 scale sets read before, a run per change (24 per scale
   * set), each planning the target and publishing its new pods' CREATED records, slowed the
   * consumer so much that the batches closed at their maximum with part of the burst, and the rest
   * waited for a second PATCH; with either limit alone, they still did. The window limit applies in
   * a burst only: applied always, it delayed pods arriving one by one on an eager scale set by up
   * to a window (P3e's p99 68 to 140 ms). Only for a target read before; called with its monitor
   * held.
   */
  void publishSoon(TargetWork w) {
    if (w.actual == null) {
      return;
    }
    if (w.publishing) {
      w.publishAgain = true;
    } else if (!w.running && !w.publishQueued) {
      w.publishQueued = true;
      long wait = backlog ? w.publishedAt + window - clock.getAsLong() : 0;
      if (wait > 0) {
        timers.schedule(
            () -> workers.execute(() -> publishOnce(w)),
            Math.max(wait, PendingStarts.MIN_TIMER_NANOS),
            TimeUnit.NANOSECONDS);
      } else {
        workers.execute(() -> publishOnce(w));
      }
    }
  }

  /**
   * The same while a PATCH is in flight: a pod whose identities are there already (and not being
   * removed) does not wait for that PATCH either. Called with {@code w}'s monitor held.
   */
  void publishDuringPatch(TargetWork w) {
    if (!w.patching || w.publishDuringQueued) {
      return;
    }
    w.publishDuringQueued = true;
    workers.execute(
        () -> {
          synchronized (w) {
            w.publishDuringQueued = false;
          }
          try {
            if (w.patching && owns.test(w.target)) {
              sync.publish(w);
            }
          } catch (RuntimeException e) {
            LOG.warnf(e, "%s: publishing failed; the next run publishes", w.target.name());
          }
        });
  }

  private void publishOnce(TargetWork w) {
    synchronized (w) {
      w.publishQueued = false;
      if (w.running || closed) {
        return; // the run in flight publishes too
      }
      w.running = true;
      w.publishing = true;
      w.publishedAt = clock.getAsLong();
    }
    try {
      if (owns.test(w.target)) {
        sync.publishSettled(w); // claims, and pods waiting for the PATCH, wait for the run
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "%s: publishing failed; the next run publishes", w.target.name());
    }
    finish(w, Outcome.IDLE);
  }

  /** Starts {@code w} in {@code delayNanos}, or right after its run in flight. */
  void schedule(TargetWork w, long delayNanos) {
    synchronized (w) {
      if (w.running) {
        w.dirty = true;
      } else {
        pending.startIn(w, delayNanos);
      }
    }
  }

  private void start(TargetWork w) {
    if (closed) {
      return;
    }
    synchronized (w) {
      if (inputsFlowing() && pending.hold(w)) {
        return;
      }
      pending.fired(w);
      if (w.running) {
        w.dirty = true;
        return;
      }
      w.running = true;
      w.dirty = false;
    }
    workers.execute(() -> runOnce(w));
  }

  private void runOnce(TargetWork w) {
    Outcome outcome;
    try {
      outcome = owns.test(w.target) ? sync.run(w, plan.apply(w)) : Outcome.IDLE;
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: reconcile failed", w.target.name());
      w.refresh = true;
      outcome = sync.backoff(w);
    }
    finish(w, outcome);
  }

  /** A run ended: hands the target over if it was released, else starts what is due next. */
  private void finish(TargetWork w, Outcome outcome) {
    synchronized (w) {
      w.running = false;
      if (w.publishing) {
        w.publishing = false;
        if (w.publishAgain) {
          w.publishAgain = false;
          publishSoon(w);
        }
      }
      if (w.handedOver != null) {
        w.handedOver.complete(null);
        w.handedOver = null;
      }
      if (!owns.test(w.target)) {
        forget.accept(w);
        return;
      }
      if (outcome.again() || w.dirty) {
        schedule(w, 0);
      } else if (outcome.delayNanos() > 0) {
        schedule(w, outcome.delayNanos());
      }
    }
  }
}
