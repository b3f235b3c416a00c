package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A broken promise, one line, with its kind. The exit code and the report decide on the kind, so
 * that tolerating one kind at some size never depends on how its line is worded.
 *
 * @param kind what was broken
 * @param text the line, as the report and the console show it
 */
public record Violation(Kind kind, String text) {

  /** Kinds of broken promise the exit code can tell apart. */
  public enum Kind {
    /** Every promise but convergence's time: wrong tokens, losses, the ledger, 5xx, harness. */
    BROKEN,
    /** An identity reached where it belongs and stayed, but after the convergence bound. */
    LATE_CONVERGENCE
  }

  public static Violation broken(String text) {
    return new Violation(Kind.BROKEN, text);
  }

  public static Violation late(String text) {
    return new Violation(Kind.LATE_CONVERGENCE, text);
  }

  /**
   * Every broken promise among a run's figures, one line each.
   *
   * @param oracle what the token oracle and the harness found as the run went
   * @param protectedRemoved protected identities seen missing from a scale set
   * @param convergence after the last fault
   * @param ledger where the ledger and Azure disagree at the end
   * @param memory each service's memory
   * @param hostile answers to hostile requests, by what was asked and the status
   */
  public static List<Violation> among(
      List<String> oracle,
      List<String> protectedRemoved,
      Convergence.Result convergence,
      List<String> ledger,
      MemoryFigures memory,
      Map<String, Long> hostile) {
    List<Violation> all = new ArrayList<>();
    oracle.forEach(v -> all.add(broken(v)));
    protectedRemoved.forEach(r -> all.add(broken("identity wrongly removed: " + r)));
    convergence
        .lost()
        .forEach(id -> all.add(broken("identity lost (not on the scale set): " + id)));
    convergence.notRemoved().forEach(id -> all.add(broken("identity not removed: " + id)));
    convergence
        .late()
        .forEach(
            id ->
                all.add(
                    late(
                        "identity converged in "
                            + convergence.times().get(id)
                            + " ms, over the bound: "
                            + id)));
    ledger.forEach(d -> all.add(broken("ledger and Azure disagree: " + d)));
    memory.grown().forEach(g -> all.add(broken("memory grew: " + g)));
    hostile.entrySet().stream()
        .filter(e -> ReliabilityReport.isFiveHundred(e.getKey()))
        .forEach(e -> all.add(broken("5xx for bad input: " + e.getKey() + " x" + e.getValue())));
    return all;
  }

  /** The violations that fail the run: those whose kind is not {@code tolerated}. */
  public static List<Violation> failing(List<Violation> all, Set<Kind> tolerated) {
    return all.stream().filter(v -> !tolerated.contains(v.kind())).toList();
  }

  /** 0 when nothing fails the run, 1 otherwise. */
  public static int exitCode(List<Violation> all, Set<Kind> tolerated) {
    return failing(all, tolerated).isEmpty() ? 0 : 1;
  }

  @Override
  public String toString() {
    return text;
  }
}
