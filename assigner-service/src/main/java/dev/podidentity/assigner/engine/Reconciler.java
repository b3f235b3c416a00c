package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.core.TargetPlan;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The keyed work queue over compute targets. Event handlers only {@link #enqueue} targets; each
 * target has at most one run in flight, runs asked for meanwhile collapse into one, and a target
 * waiting for its budget or a backoff waits on a timer without holding a thread, so a slow or
 * throttled target never delays another.
 */
public final class Reconciler implements AutoCloseable {
  private final Object stateLock;
  private final AssignerState state;
  private final Budgets budgets;
  private final AssignerConfig options;
  private final AssignerMetrics metrics;
  private final ScheduledExecutorService timers;
  private final TargetRuns runs;
  private volatile ScheduledFuture<?> driftRepair;
  private final LongSupplier clock;
  private final Map<ComputeTarget, TargetWork> targets = new ConcurrentHashMap<>();
  private volatile Predicate<ComputeTarget> owns = t -> false;

  public Reconciler(
      Object stateLock,
      AssignerState state,
      CloudPort cloud,
      OutputPort output,
      ClusterPort cluster,
      AssignerConfig options,
      AssignerMetrics metrics,
      ScheduledExecutorService timers,
      Executor workers,
      LongSupplier clock,
      InstantSource wallClock,
      RandomGenerator random,
      Tracing tracing) {
    this.stateLock = stateLock;
    this.state = state;
    this.options = options;
    this.metrics = metrics;
    this.timers = timers;
    this.clock = clock;
    this.budgets = new Budgets(options.budget());
    TargetSync sync =
        new TargetSync(
            cloud,
            output,
            cluster,
            options,
            budgets,
            metrics,
            clock,
            wallClock,
            random,
            tracing,
            this::publishPlan);
    this.runs =
        new TargetRuns(
            timers,
            workers,
            clock,
            options,
            metrics.queueDepth,
            sync,
            this::plan,
            this::owns,
            this::forget);
  }

  /**
   * Which targets this replica owns and may act on. Set only once every input is replayed to the
   * end offsets taken when the partitions were assigned (DESIGN.md invariant 3).
   */
  public void own(Predicate<ComputeTarget> owns) {
    this.owns = owns;
  }

  public boolean owns(ComputeTarget target) {
    return owns.test(target);
  }

  /**
   * Something about the target changed: converge it soon. An idle target waits until changes have
   * been quiet for the batch window (at most the batch maximum since the first one), so a burst of
   * pods goes out in one PATCH, but publishes at once what needs no PATCH; a target with a run in
   * flight just runs again after it.
   */
  public void enqueue(ComputeTarget target) {
    if (!owns.test(target)) {
      return;
    }
    TargetWork w = work(target);
    synchronized (w) {
      if ((w.running && !w.publishing) || options.batchWindow().isZero()) {
        runs.schedule(w, 0);
        runs.publishDuringPatch(w);
      } else {
        runs.gather(w);
      }
    }
  }

  /**
   * The inputs say whether pod records are being handled. While they are, and until they have been
   * quiet for the batch window, an idle target's gathered burst is held, up to the batch maximum: a
   * consumer that fell behind in a burst would otherwise let the quiet window expire with half the
   * burst unread, and that half would wait a whole PATCH.
   */
  public void inputsBehind(boolean behind) {
    runs.inputsBehind(behind);
  }

  /** The number of pod records in the batch about to be handled (a burst comes in large ones). */
  public void inputBatch(int records) {
    runs.inputBatch(records);
  }

  public void enqueueAll(Collection<ComputeTarget> all) {
    all.forEach(this::enqueue);
  }

  /** An AzureIdentity changed: give its quarantined resource ids another chance now. */
  public void identityChanged(String resourceId) {
    for (TargetWork w : targets.values()) {
      boolean refused = w.refusedBefore.remove(resourceId);
      if (w.quarantine.remove(resourceId) != null || refused) {
        runs.schedule(w, 0);
      }
    }
  }

  /**
   * Seeds what was published for a pod (read back from the assignments topic), so that replaying
   * publishes nothing new and a new owner continues where the last one stopped.
   */
  public void seedPublished(String key, AssignmentRecord record) {
    if (record != null) {
      work(record.target()).published.put(key, record);
      return;
    }
    String routing = Keys.routingOf(key);
    targets.values().stream()
        .filter(w -> w.target.routingKey().equals(routing))
        .forEach(w -> w.published.remove(key));
  }

  /** Drift repair: read every owned target again, spread over the interval. */
  public void startDriftRepair() {
    long period = options.driftInterval().toNanos();
    driftRepair =
        timers.scheduleAtFixedRate(() -> refresh(true), period, period, TimeUnit.NANOSECONDS);
  }

  /** Reads every owned target again now and converges it (drift repair on demand). */
  public void refreshAll() {
    refresh(false);
  }

  /** Spread: one target after another over the drift interval, so GETs stay far under budget. */
  private void refresh(boolean spread) {
    List<TargetWork> owned = targets.values().stream().filter(w -> owns.test(w.target)).toList();
    long step =
        spread && !owned.isEmpty() ? options.driftInterval().toNanos() / (owned.size() + 1) : 0;
    for (int i = 0; i < owned.size(); i++) {
      TargetWork w = owned.get(i);
      w.refresh = true;
      runs.schedule(w, step * i);
    }
  }

  /**
   * Gives up targets (their partitions were revoked): nothing more starts for them, and each is
   * forgotten once its run in flight, if any, has ended, unless it is owned again by then (the
   * changes that arrived meanwhile then run next). The answer completes when those runs end, so the
   * caller can hold the hand-over until the next owner cannot overlap with us (invariant 4).
   */
  public CompletableFuture<Void> release(Predicate<ComputeTarget> released) {
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    for (TargetWork w : List.copyOf(targets.values())) {
      if (!released.test(w.target)) {
        continue;
      }
      synchronized (w) {
        runs.cancel(w);
        if (w.running) {
          w.handedOver = w.handedOver == null ? new CompletableFuture<>() : w.handedOver;
          inFlight.add(w.handedOver);
          continue;
        }
      }
      forget(w);
    }
    return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
  }

  private void forget(TargetWork w) {
    targets.remove(w.target, w);
    metrics.quarantined(w.target, 0);
  }

  /** A target's work (package-private: the engine's tests read its failure count). */
  TargetWork work(ComputeTarget target) {
    return targets.computeIfAbsent(
        target, t -> new TargetWork(t, budgets.newTargetBucket(clock.getAsLong())));
  }

  /** The target's plan for publishing only: it leaves claims for the target's next run. */
  private TargetPlan publishPlan(TargetWork w) {
    synchronized (stateLock) {
      return state.plan(w.target);
    }
  }

  private TargetPlan plan(TargetWork w) {
    synchronized (stateLock) {
      if (!w.ledgerLoaded) {
        // After replay the ledger topic is the truth; from here on this replica is its only
        // writer for the target, so its own copy stays ahead of what it reads back.
        LedgerRecord ledger = state.ledger(w.target);
        w.ledger = ledger;
        w.ledgerLoaded = true;
      }
      w.claimed.addAll(state.takeClaims(w.target));
      return state.plan(w.target);
    }
  }

  /**
   * Stops acting: nothing is owned, timers are cancelled and no run starts any more. Runs in flight
   * end on their own (the executors are the application's, shared, so they are not shut down).
   */
  @Override
  public void close() {
    runs.close();
    own(t -> false);
    ScheduledFuture<?> drift = driftRepair;
    if (drift != null) {
      drift.cancel(false);
    }
    for (TargetWork w : targets.values()) {
      synchronized (w) {
        runs.cancel(w);
      }
    }
  }
}
