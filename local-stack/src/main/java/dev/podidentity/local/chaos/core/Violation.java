package dev.podidentity.local.chaos.core;

import java.util.List;
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
