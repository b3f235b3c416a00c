package dev.podidentity.local.chaos.core;

import java.util.Map;
import java.util.TreeSet;

/** RELIABILITY.md from a run's figures: the promises, each with its number, then the details. */
public final class ReliabilityReport {
  private ReliabilityReport() {}

  public static String render(Figures f, String date) {
    StringBuilder md = new StringBuilder();
    md.append("# Reliability: the chaos run\n\n");
    md.append("Written by `bin/chaos` (see the README's \"Chaos run\"); do not edit by hand.\n\n");
    md.append("- date: ").append(date).append(", wall clock ").append(f.wallSeconds());
    md.append(" s, load average at the end ").append(f.load()).append('\n');
    md.append("- command: `").append(f.command()).append("`\n");
    md.append("- sizes: ").append(f.sizes()).append("\n\n");
    md.append("## Promises\n\n| promise | figure | goal |\n|---|---|---|\n");
    Map<TokenOracle.Verdict, Long> t = f.tokens();
    row(md, "tokens served (legitimate requests)", t.getOrDefault(TokenOracle.Verdict.OK, 0L), "");
    row(md, "tokens to a wrong pod", t.getOrDefault(TokenOracle.Verdict.WRONG, 0L), "0");
    row(
        md,
        "tokens after the pod's unbind (NMI view lag; max " + f.maxStalenessMillis() + " ms)",
        t.getOrDefault(TokenOracle.Verdict.STALE, 0L),
        "reported");
    row(md, "identities lost", f.convergence().lost().size(), "0");
    row(md, "identities wrongly removed", f.protectedRemoved().size(), "0");
    row(md, "identities not removed", f.convergence().notRemoved().size(), "0");
    row(md, "identities converged late", f.convergence().late().size(), "0");
    row(md, "max time to converge after the last fault (ms)", f.convergence().max(), "");
    row(md, "p99 time to converge after the last fault (ms)", f.convergence().p99(), "");
    row(md, "convergence bound (ms)", f.boundMillis(), "2 x PATCH + largest Retry-After");
    row(md, "ledger and Azure disagreeing", f.ledger().size(), "0");
    row(md, "5xx answered for bad input", fiveHundreds(f.hostile()), "0");
    row(
        md,
        "services whose live heap grew past the bound (Memory, below)",
        f.memory().grown().size(),
        "0");
    row(md, "violations", f.violations().size(), "0");
    if (!f.tolerated().isEmpty()) {
      row(
          md,
          "violations failing the run (" + f.tolerated() + " reported only)",
          f.failing().size(),
          "0");
    }
    md.append("\n## Faults injected\n\n| kind | count |\n|---|---|\n");
    f.faults().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Workload (pods churned)\n\n| move | count |\n|---|---|\n");
    f.steps().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Legitimate requests that failed, by cause\n\n");
    table(md, f.failedByCause());
    md.append("\n## Hostile requests, by what was asked and the answer\n\n");
    table(md, f.hostile());
    memory(md, f.memory());
    md.append("\n## Violations\n\n");
    if (f.violations().isEmpty()) {
      md.append("None.\n");
    }
    for (Violation v : f.violations()) {
      md.append("- ").append(v);
      md.append(f.tolerated().contains(v.kind()) ? " (reported, not failed)\n" : "\n");
    }
    md.append("\n## Findings that broke no promise\n\n");
    if (f.notes().isEmpty()) {
      md.append("None.\n");
    }
    f.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    md.append("\n## Schedule (seeded; the same command repeats it)\n\n```\n");
    f.schedule().forEach(s -> md.append(s).append('\n'));
    md.append("```\n");
    return md.toString();
  }

  /** Hostile answers with a 5xx status: the keys end with the status. */
  public static long fiveHundreds(Map<String, Long> hostile) {
    return hostile.entrySet().stream()
        .filter(e -> isFiveHundred(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * Whether a hostile answer's cause is a 5xx for the bad input: it ends with the status; a 503 of
   * an NMI that failed closed (its view not current or not replayed, or it is not ready) is named
   * otherwise: it is the answer to everyone then, not to this input.
   */
  public static boolean isFiveHundred(String cause) {
    return cause.matches(".* 5\\d\\d$");
  }

  private static void row(StringBuilder md, String name, long value, String goal) {
    md.append("| ").append(name).append(" | ").append(value).append(" | ").append(goal);
    md.append(" |\n");
  }

  private static void table(StringBuilder md, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      md.append("None.\n");
      return;
    }
    md.append("| cause | count |\n|---|---|\n");
    counts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
  }

  private static String mb(long kb) {
    return kb < 0 ? "n/a" : String.format("%.0f", kb / 1024.0);
  }

  private static void memory(StringBuilder md, MemoryFigures m) {
    md.append(
        "\n## Memory, MB\n\nResident size at start and end, reported. Live heap (in use right");
    md.append(
        " after a full collection) at start, at a third of the window and at the end, judged:");
    md.append(" the end may reach the start's plus the mark's growth scaled to the end's pods, x ");
    md.append(MemoryFigures.GROWTH).append(" or + ").append(MemoryFigures.FLOOR_BYTES >> 20);
    md.append(" MiB, whichever is more. Pods alive: ")
        .append(m.start().pods())
        .append(" at start, ");
    md.append(m.mark().pods()).append(" at the mark, ").append(m.end().pods());
    md.append(" at the end.\n\n");
    md.append("| service | RSS start | RSS end | live heap at start | at the mark | at the end |");
    md.append(" allowed |\n|---|---|---|---|---|---|---|\n");
    for (String s : new TreeSet<>(m.rssEndKb().keySet())) {
      long allowed = m.allowed(s);
      md.append("| ").append(s);
      md.append(" | ").append(mb(m.rssStartKb().getOrDefault(s, -1L)));
      md.append(" | ").append(mb(m.rssEndKb().get(s)));
      md.append(" | ").append(MemoryFigures.mib(m.start().bytes().getOrDefault(s, -1L)));
      md.append(" | ").append(MemoryFigures.mib(m.mark().bytes().getOrDefault(s, -1L)));
      md.append(" | ").append(MemoryFigures.mib(m.end().bytes().getOrDefault(s, -1L)));
      md.append(" | ").append(MemoryFigures.mib(allowed)).append(" |\n");
    }
  }
}
