package dev.podidentity.local.chaos;

import dev.podidentity.local.chaos.core.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One run's sizes and timings.
 *
 * @param seed seeds the schedule, the workload and the probes
 * @param runTime faults and churn, then the settling period
 * @param pods the population the workload churns around
 * @param identities user-assigned identities, one binding each (identity 0 was there before us)
 * @param nodes simulated nodes (NMIs), spread over the scale sets
 * @param scaleSets node pools, one scale set each
 * @param faults how many faults (at least one of each kind)
 * @param patchLatency the simulator's PATCH duration
 * @param retryAfter what injected 429s ask the assigner to wait
 * @param report where the report goes
 * @param command the command line, for the report
 * @param namespaced the assigner and the NMIs run in namespaced mode
 * @param tolerated kinds of violation reported without failing the run
 */
record ChaosSettings(
    long seed,
    Duration runTime,
    int pods,
    int identities,
    int nodes,
    int scaleSets,
    int faults,
    Duration patchLatency,
    Duration retryAfter,
    Path report,
    String command,
    boolean namespaced,
    Set<Violation.Kind> tolerated) {

  /** The assigner's ARM request timeout in the run: a hung request must end within the window. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** After the window: churn and faults stop, convergence is measured. */
  Duration settle() {
    return Duration.ofMillis(Math.max(15_000, runTime.toMillis() / 5));
  }

  /** Faults and churn happen in this window from the workload's start. */
  Duration window() {
    return runTime.minus(settle());
  }

  /** 2 x the PATCH latency + the largest Retry-After injected. */
  Duration bound() {
    return patchLatency.multipliedBy(2).plus(retryAfter);
  }
}
