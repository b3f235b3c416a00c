package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.AfterFailure;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.assigner.core.Lingering;
import dev.podidentity.assigner.core.NextStep;
import dev.podidentity.assigner.core.Ownership;
import dev.podidentity.assigner.core.PodPlan;
import dev.podidentity.assigner.core.Probation;
import dev.podidentity.assigner.core.Protection;
import dev.podidentity.assigner.core.TargetPlan;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * One run for one target: read the cloud if its state is unknown, publish assignment states,
 * compute the delta, and apply at most one PATCH within the budgets, with the ledger intent written
 * before it and the result after. What follows a failed call is {@link AfterFailure}'s decision.
 */
final class TargetSync {
  private static final Logger LOG = Logger.getLogger(TargetSync.class);

  private final CloudPort cloud;
  private final OutputPort output;
  private final AssignmentPublisher publisher;
  private final AssignerConfig options;
  private final Protection protection;
  private final Budgets budgets;
  private final AssignerMetrics metrics;
  private final LongSupplier clock;
  private final TargetLedger ledger;
  private final TargetFailures failures;
  private final Tracing tracing;
  private final Function<TargetWork, TargetPlan> freshPlan;

  TargetSync(
      CloudPort cloud,
      OutputPort output,
      ClusterPort cluster,
      AssignerConfig options,
      Budgets budgets,
      AssignerMetrics metrics,
      LongSupplier clock,
      InstantSource wallClock,
      RandomGenerator random,
      Tracing tracing,
      Function<TargetWork, TargetPlan> freshPlan) {
    this.cloud = cloud;
    this.output = output;
    this.freshPlan = freshPlan;
    this.publisher = new AssignmentPublisher(output, cluster, metrics, clock);
    this.options = options;
    this.protection = protection(options);
    this.budgets = budgets;
    this.metrics = metrics;
    this.clock = clock;
    this.ledger = new TargetLedger(output, wallClock);
    this.failures =
        new TargetFailures(
            new AfterFailure.Policy(
                options.backoff().base(), options.backoff().max(), options.quarantineRetry()),
            ledger,
            metrics,
            clock,
            random,
            this::publish);
    this.tracing = tracing;
  }

  /** Never removed: the configured immutable identities and the cluster's own. */
  private static Protection protection(AssignerConfig config) {
    List<String> ids = new ArrayList<>(config.immutableIdentities().orElse(List.of()));
    config.clusterIdentity().ifPresent(ids::add);
    return new Protection(ids);
  }

  /** Performs what {@link NextStep#decide} asks, asking again after a read; each run is timed. */
  Outcome run(TargetWork w, TargetPlan plan) {
    long started = clock.getAsLong();
    try {
      return runTimed(w, plan);
    } finally {
      metrics.run(clock.getAsLong() - started);
    }
  }

  private Outcome runTimed(TargetWork w, TargetPlan plan) {
    long now = clock.getAsLong();
    Map<String, String> quarantine = w.quarantineReasons(now);
    Set<String> left = Probation.excluded(quarantine.keySet(), w.refusedBefore);
    ledger.adoptClaims(w);
    NextStep step = decide(w, plan, left, now, false);
    if (step instanceof NextStep.Read) {
      w.actual = inFlight(() -> cloud.identities(w.target));
      // Cleared after the read, not before: a refresh asked during it (the drift timer meeting a
      // slow read) is answered by it. One asked after it (the ledger write below can wait on the
      // broker) is left for the next run; this decision is on the read just made.
      w.refresh = false;
      w.readSucceeded();
      ledger.resolve(w);
      ledger.adoptClaims(w);
      step = decide(w, plan, left, now, true);
    }
    if (step instanceof NextStep.Idle && !w.refusedBefore.isEmpty()) {
      if (readRefused(w, now)) {
        quarantine = w.quarantineReasons(now);
      }
      step = probe(w, plan, quarantine.keySet(), now);
    }
    publisher.publish(w, () -> plan, quarantine);
    if (step instanceof NextStep.Patch patch) {
      return patch(w, plan, patch.change(), now);
    }
    if (step instanceof NextStep.Wait wait) {
      // A hold after a failure already has its reason in the ledger; only a budget wait is new.
      return w.holdUntil - now >= wait.nanos()
          ? Outcome.after(wait.nanos())
          : waitForBudget(w, wait.nanos(), now);
    }
    if (step instanceof NextStep.Idle idle) {
      ledger.waiting(w, w.ledger, null);
      // Woken when a quarantine ends: with no input (the cluster quiet after a fault) the retry
      // waited for the drift timer.
      return Outcome.idleUntil(Outcome.sooner(idle.recheckNanos(), w.quarantineEndsIn(now)));
    }
    throw new IllegalStateException(w.target.name() + ": a fresh read left the target unknown");
  }

  /**
   * Publishes the pods' states from what is known of the target, and nothing else: between runs, or
   * while a PATCH is in flight (then from a fresh plan, what it removes left out).
   */
  void publish(TargetWork w) {
    publisher.publish(w, () -> freshPlan.apply(w), w.quarantineReasons(clock.getAsLong()));
  }

  /**
   * Publishes what needs no PATCH (pods whose identities are all there, failures, pods gone); a pod
   * still waiting for an identity is published by the target's run, before its PATCH.
   */
  void publishSettled(TargetWork w) {
    publisher.publish(w, () -> freshPlan.apply(w), w.quarantineReasons(clock.getAsLong()), false);
  }

  /**
   * Reads each refused-before identity not read since its last refusal; one that does not exist is
   * quarantined again without a PATCH. Tried in a round instead, each such identity cost the target
   * a refused PATCH of its ARM budget every quarantine; with the chaos run's 2 s quarantine, seven
   * of them held five valid identities 4.3 s after the last fault, behind the 429s they drew.
   *
   * @return whether any was quarantined again
   */
  private boolean readRefused(TargetWork w, long now) {
    w.readSinceRefused.retainAll(w.refusedBefore);
    boolean any = false;
    for (String id : List.copyOf(w.refusedBefore)) {
      if (w.readSinceRefused.add(id) && !inFlight(() -> cloud.identityExists(id))) {
        failures.notFound(w, id, now);
        any = true;
      }
    }
    return any;
  }

  /** The probation round under way ({@code core/Probation}), or a new one when it asks nothing. */
  private NextStep probe(TargetWork w, TargetPlan plan, Set<String> quarantined, long now) {
    NextStep step = decide(w, plan, Probation.round(quarantined, w.refusedInRound), now, true);
    if (step instanceof NextStep.Idle && !w.refusedInRound.isEmpty()) {
      w.refusedInRound.clear();
      step = decide(w, plan, quarantined, now, true);
    }
    return step;
  }

  private NextStep decide(
      TargetWork w, TargetPlan plan, Set<String> quarantined, long now, boolean justRead) {
    if (w.actual != null) {
      w.lingering =
          Lingering.at(
              now,
              options.linger().toNanos(),
              Ownership.owned(w.ledger),
              w.actual.keySet(),
              plan,
              w.lingering.since());
    }
    return NextStep.decide(
        w.refresh && !justRead,
        plan,
        w.actual,
        w.ledger,
        quarantined,
        protection,
        w.lingering,
        Math.max(budgets.waitNanos(w, now), w.holdUntil - now));
  }

  private Outcome patch(TargetWork w, TargetPlan plan, Delta chunk, long now) {
    ComputeTarget t = w.target;
    long wait = budgets.tryAcquire(w, now);
    if (wait > 0) {
      return waitForBudget(w, wait, now);
    }
    LOG.infof(
        "%s: PATCH adding %d and removing %d identities (%d pods planned)",
        t.name(), chunk.add().size(), chunk.remove().size(), plan.pods().size());
    return tracing.span(
        "PATCH " + t.name(),
        podsGaining(plan, chunk),
        () -> {
          w.ledger = Ownership.withIntent(t, w.ledger, UUID.randomUUID().toString(), chunk);
          output.ledger(w.ledger);
          w.removing = chunk.remove();
          w.patching = true;
          try {
            w.actual = inFlight(() -> cloud.update(t, chunk));
          } catch (CloudException e) {
            return failures.failed(w, e);
          } finally {
            w.patching = false;
            // Under the lock: a publish begun during the PATCH ends before the run goes on, so
            // the target is never handed over with one of ours still writing.
            synchronized (w.publishLock) {
              w.removing = Set.of();
            }
          }
          w.failures = 0;
          w.hold(0, false);
          w.refusedBefore.removeAll(chunk.add());
          ledger.resolve(w);
          // Afresh: pods may have been published meanwhile, which the run's plan does not have.
          publish(w);
          // Run again: whatever changed meanwhile is coalesced into the next PATCH, and a delta
          // larger than one request continues.
          return Outcome.AGAIN;
        });
  }

  /** The keys of the pods an identity of {@code chunk} is added for: the PATCH is their work. */
  private static List<String> podsGaining(TargetPlan plan, Delta chunk) {
    List<String> keys = new ArrayList<>();
    for (PodPlan pp : plan.pods()) {
      // An identity whose AzureIdentity is gone has no resource id: nothing is added for it.
      if (pp.identities().stream()
          .anyMatch(i -> i.resourceId() != null && chunk.add().contains(i.resourceId()))) {
        keys.add(Keys.of(pp.pod()));
      }
    }
    return keys;
  }

  /** After a failure the cloud did not classify ({@link TargetFailures#backoff}). */
  Outcome backoff(TargetWork w) {
    return failures.backoff(w);
  }

  /** The budget has no token for {@code w} yet: the ledger says until when, and the run waits. */
  private Outcome waitForBudget(TargetWork w, long waitNanos, long now) {
    ledger.waiting(w, w.ledger, budgets.blocked(w, now, ledger.until(waitNanos)));
    return Outcome.after(waitNanos);
  }

  /** Counts the cloud operation in flight; the adapter reports each request it makes. */
  private <T> T inFlight(java.util.function.Supplier<T> call) {
    metrics.inFlight.incrementAndGet();
    try {
      return call.get();
    } finally {
      metrics.inFlight.decrementAndGet();
    }
  }
}
