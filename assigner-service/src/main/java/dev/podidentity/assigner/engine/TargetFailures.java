package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.AfterFailure;
import dev.podidentity.assigner.core.Blocking;
import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.port.CloudException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * What a run does after a cloud call failed: {@link AfterFailure}'s decision, performed on the
 * target's work, told to the ledger and the metrics.
 */
final class TargetFailures {
  // The run's category: operators filter a target's story by it, failures included.
  private static final Logger LOG = Logger.getLogger(TargetSync.class);

  private final AfterFailure.Policy policy;
  private final TargetLedger ledger;
  private final AssignerMetrics metrics;
  private final LongSupplier clock;
  private final RandomGenerator random;
  private final Consumer<TargetWork> publish;

  TargetFailures(
      AfterFailure.Policy policy,
      TargetLedger ledger,
      AssignerMetrics metrics,
      LongSupplier clock,
      RandomGenerator random,
      Consumer<TargetWork> publish) {
    this.policy = policy;
    this.ledger = ledger;
    this.metrics = metrics;
    this.clock = clock;
    this.random = random;
    this.publish = publish;
  }

  Outcome failed(TargetWork w, CloudException e) {
    long now = clock.getAsLong();
    AfterFailure next =
        AfterFailure.decide(
            e.kind(), e.retryAfter(), e.rejected(), w.failures, random.nextDouble(), now, policy);
    // A conflict or a vanished target means someone else is at work on it: routine, no warning.
    boolean routine = next instanceof AfterFailure.Retry r && !r.throttled();
    LOG.logf(
        routine ? Logger.Level.INFO : Logger.Level.WARN,
        "%s: %s; %s",
        w.target.name(),
        e.getMessage(),
        next);
    return perform(w, next, e);
  }

  /** Performs what {@link AfterFailure#decide} asks for failure {@code e}. */
  private Outcome perform(TargetWork w, AfterFailure next, CloudException e) {
    if (next instanceof AfterFailure.Quarantine q) {
      q.reasons().forEach((id, reason) -> w.refused(id, reason, q.untilNanos()));
      ledger.resolve(w);
      publish.accept(w);
      return Outcome.AGAIN;
    }
    if (next instanceof AfterFailure.Retry r) {
      if (r.throttled()) {
        metrics.throttled();
      }
      if (r.countFailure()) {
        w.failures++;
      }
      w.hold(clock.getAsLong() + r.afterNanos(), false);
      // One write: the intent resolved (nothing was applied) and the wait, together.
      ledger.waiting(
          w,
          r.resolveIntent() ? ledger.resolved(w) : w.ledger,
          r.throttled()
              ? Blocking.throttled(ledger.until(r.afterNanos()), e.retryAfter())
              : Blocking.backoff(ledger.until(r.afterNanos()), e.kind(), w.failures));
      return Outcome.after(r.afterNanos());
    }
    AfterFailure.ReadThenRetry read = (AfterFailure.ReadThenRetry) next;
    Outcome outcome = readThenRetry(w, read);
    ledger.waiting(
        w,
        w.ledger,
        Blocking.backoff(ledger.until(read.afterNanos()), CloudFailure.TRANSIENT, w.failures));
    return outcome;
  }

  private Outcome readThenRetry(TargetWork w, AfterFailure.ReadThenRetry next) {
    w.refresh = true;
    w.failures++;
    w.hold(clock.getAsLong() + next.afterNanos(), true);
    return Outcome.after(next.afterNanos());
  }

  /**
   * After a failure the cloud did not classify: its outcome is unknown. The ledger is not told: the
   * failure may be the ledger write itself, and this path must not fail in turn.
   */
  Outcome backoff(TargetWork w) {
    return readThenRetry(w, AfterFailure.unknownOutcome(w.failures, random.nextDouble(), policy));
  }

  /**
   * A refused identity that a read found missing: quarantined again as ARM's refusal would, but
   * without the PATCH that would have learned it.
   */
  void notFound(TargetWork w, String id, long now) {
    LOG.infof(
        "%s: %s does not exist (read); tried again after %s",
        w.target.name(), id, policy.quarantineRetry());
    w.refused(
        id,
        "the user-assigned identity does not exist (a read of it answers 404 NotFound)",
        now + policy.quarantineRetry().toNanos());
  }
}
