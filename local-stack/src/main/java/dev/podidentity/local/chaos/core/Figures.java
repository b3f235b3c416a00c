package dev.podidentity.local.chaos.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a chaos run measured, for the report and the exit code.
 *
 * @param command the command line that repeats the run
 * @param sizes pods, identities, nodes, scale sets, minutes, as the run was asked
 * @param schedule the faults as scheduled
 * @param faults faults injected, by kind
 * @param steps workload moves made, by kind
 * @param tokens grants by verdict (OK, STALE, WRONG)
 * @param maxStalenessMillis the longest an unbind was not yet seen by the NMI that granted
 * @param failedByCause legitimate token requests that got no token, by cause
 * @param hostile answers to hostile requests, by what was asked and the status
 * @param protectedRemoved protected identities seen missing from the scale set, with when
 * @param convergence after the last fault
 * @param boundMillis the convergence bound (2 x PATCH latency + the largest Retry-After)
 * @param ledger where the ledger and Azure disagree at the end
 * @param memory each service's resident size and live heap
 * @param violations every broken promise, one line each, with its kind
 * @param tolerated kinds of violation reported but not failing the run (none unless asked)
 * @param notes what went wrong without breaking a promise (a restart that needed a second try)
 * @param wallSeconds the whole run, stack start included
 * @param load the machine's load average at the end (1, 5, 15 minutes)
 */
public record Figures(
    String command,
    Map<String, Integer> sizes,
    List<FaultSchedule.Fault> schedule,
    Map<FaultKind, Integer> faults,
    Map<WorkloadStep, Integer> steps,
    Map<TokenOracle.Verdict, Long> tokens,
    long maxStalenessMillis,
    Map<String, Long> failedByCause,
    Map<String, Long> hostile,
    List<String> protectedRemoved,
    Convergence.Result convergence,
    long boundMillis,
    List<String> ledger,
    MemoryFigures memory,
    List<Violation> violations,
    Set<Violation.Kind> tolerated,
    List<String> notes,
    long wallSeconds,
    String load) {

  /** The violations that fail the run. */
  public List<Violation> failing() {
    return Violation.failing(violations, tolerated);
  }
}
