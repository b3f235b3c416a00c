package dev.podidentity.assigner.core;

import dev.podidentity.events.flow.Backoff;
import java.time.Duration;
import java.util.Map;

/**
 * What a target's run does after a cloud call failed: the failure half of {@link NextStep}, pure,
 * so the run only performs it. Throttling and conflicts wait, refused identities are quarantined
 * while the rest goes on, unknown outcomes are read back first.
 */
public sealed interface AfterFailure {
  /** A 429 that asks for no wait, or for none at all, still waits this long. */
  Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * The configured waits.
   *
   * @param backoffBase first step of the exponential backoff; also the wait of a 429 without
   *     Retry-After
   * @param backoffMax ceiling of the exponential backoff
   * @param quarantineRetry how long a refused identity is left out
   */
  record Policy(Duration backoffBase, Duration backoffMax, Duration quarantineRetry) {}

  /**
   * Run again after {@code afterNanos}.
   *
   * @param resolveIntent nothing was applied: the ledger intent is resolved against what is known
   * @param countFailure the failure lengthens the next backoff (a 429 has its own wait, so not it)
   * @param throttled the cloud throttled the target: counted as such
   */
  record Retry(long afterNanos, boolean resolveIntent, boolean countFailure, boolean throttled)
      implements AfterFailure {
    @Override
    public String toString() {
      return (throttled ? "throttled, retrying in " : "backing off for ")
          + Duration.ofNanos(afterNanos);
    }
  }

  /**
   * Leave these identities (id to the cloud's reason) out until {@code untilNanos}, resolve the
   * ledger intent (nothing was applied) and go on at once with the rest.
   */
  record Quarantine(Map<String, String> reasons, long untilNanos) implements AfterFailure {
    public Quarantine {
      reasons = Map.copyOf(reasons);
    }

    @Override
    public String toString() {
      return "quarantined " + reasons.keySet();
    }
  }

  /**
   * The outcome is unknown: read the cloud before deciding anything and run again after {@code
   * afterNanos}. The ledger intent stays until that read; the failure lengthens the next backoff.
   */
  record ReadThenRetry(long afterNanos) implements AfterFailure {
    @Override
    public String toString() {
      return "reading back, then retrying in " + Duration.ofNanos(afterNanos);
    }
  }

  /**
   * Decides what follows a failed cloud call.
   *
   * @param retryAfter how long the cloud asked to wait; null when it did not say
   * @param rejected the refused identities, by lowercase resource id, to the cloud's reason
   * @param failures consecutive failures before this one: the backoff grows with them
   * @param jitter in [0, 1), spreading targets that failed together apart
   * @param nowNanos the clock of {@code untilNanos}
   */
  static AfterFailure decide(
      CloudFailure kind,
      Duration retryAfter,
      Map<String, String> rejected,
      int failures,
      double jitter,
      long nowNanos,
      Policy policy) {
    return switch (kind) {
      case THROTTLED -> {
        Duration asked = retryAfter == null ? policy.backoffBase() : retryAfter;
        yield new Retry(Backoff.after(asked, MIN_RETRY_AFTER, jitter).toNanos(), true, false, true);
      }
      case IDENTITY_REJECTED ->
          new Quarantine(
              rejected == null ? Map.of() : rejected,
              nowNanos + policy.quarantineRetry().toNanos());
      case CONFLICT, TARGET_NOT_FOUND ->
          new Retry(backoffNanos(failures, jitter, policy), true, true, false);
      case TRANSIENT -> unknownOutcome(failures, jitter, policy);
    };
  }

  /** After a failure of unknown outcome that the cloud did not classify (a bug, a lost answer). */
  static ReadThenRetry unknownOutcome(int failures, double jitter, Policy policy) {
    return new ReadThenRetry(backoffNanos(failures, jitter, policy));
  }

  private static long backoffNanos(int failures, double jitter, Policy policy) {
    return Backoff.delay(failures, policy.backoffBase(), policy.backoffMax(), jitter).toNanos();
  }
}
