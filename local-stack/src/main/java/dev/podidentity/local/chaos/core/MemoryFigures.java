package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Each service's memory over a run: its resident size at start and end, as the machine sees it, and
 * its live heap (the heap used right after a full collection) at start, at a third of the window
 * and at the end, each with the pods alive then, which is what tells a leak. Resident size alone
 * cannot: a JVM keeps what its heap once reached, so two samples of it show a heap filling up as
 * growth.
 *
 * <p>The workload still grows after the mark (about 500 pods alive there, 940 at the end of a full
 * run), so the live heap is taken as a base (the start's, before the churn) plus a part that grows
 * with the pods alive: at the end it may reach the base plus the mark's part scaled to the end's
 * pods, and {@link #GROWTH} or {@link #FLOOR_BYTES} more, whichever is more (what fills to a fixed
 * bound, such as the Kafka clients' pooled buffers after a broker outage, is not growth without
 * bound). A service restarted in between starts again from its own baseline, so it can only pass.
 *
 * @param rssStartKb resident size per service at start, kB (-1: not measured)
 * @param rssEndKb and at the end
 * @param start the live heaps at start
 * @param mark at a third of the window
 * @param end at the end
 */
public record MemoryFigures(
    Map<String, Long> rssStartKb,
    Map<String, Long> rssEndKb,
    LiveHeaps start,
    LiveHeaps mark,
    LiveHeaps end) {

  /** How much a live heap may exceed what the mark predicts for the end, as a ratio. */
  public static final double GROWTH = 1.25;

  /** ... or in bytes, whichever allows more. */
  public static final long FLOOR_BYTES = 16L << 20;

  /**
   * The live heap of each service at one moment, with the pods alive then.
   *
   * @param pods pods alive in the workload
   * @param bytes per service (-1: not measured, such as a service down)
   */
  public record LiveHeaps(int pods, Map<String, Long> bytes) {
    public static final LiveHeaps NONE = new LiveHeaps(0, Map.of());

    public LiveHeaps {
      bytes = Map.copyOf(bytes);
    }

    long of(String service) {
      return bytes.getOrDefault(service, -1L);
    }
  }

  public MemoryFigures {
    rssStartKb = Map.copyOf(rssStartKb);
    rssEndKb = Map.copyOf(rssEndKb);
  }

  /**
   * The most the live heap may reach at the end.
   *
   * @param base at start (-1: unknown, taken as 0)
   * @param mark at the mark
   * @param podsMark pods alive at the mark
   * @param podsEnd pods alive at the end
   */
  public static long allowed(long base, long mark, int podsMark, int podsEnd) {
    long b = Math.max(0, Math.min(base, mark));
    double grown = podsMark > 0 ? (mark - b) * (double) podsEnd / podsMark : mark - b;
    long predicted = b + Math.max(0, (long) grown);
    return Math.max((long) (predicted * GROWTH), predicted + FLOOR_BYTES);
  }

  /** What service {@code s}'s live heap may reach at the end; -1 when it was not measured. */
  public long allowed(String s) {
    long m = mark.of(s);
    return m > 0 ? allowed(start.of(s), m, mark.pods(), end.pods()) : -1;
  }

  /** One line for each service whose live heap grew past what it may reach. */
  public List<String> grown() {
    List<String> out = new ArrayList<>();
    for (String s : new TreeSet<>(end.bytes().keySet())) {
      long e = end.of(s);
      long allowed = allowed(s);
      if (allowed > 0 && e > allowed) {
        out.add(
            String.format(
                "%s: live heap %s MiB at the end with %d pods, allowed %s MiB"
                    + " (%s MiB at the mark with %d pods, %s MiB at start)",
                s,
                mib(e),
                end.pods(),
                mib(allowed),
                mib(mark.of(s)),
                mark.pods(),
                mib(start.of(s))));
      }
    }
    return out;
  }

  /**
   * The heap in use from a service's Prometheus metrics ({@code jvm_memory_used_bytes} summed over
   * the heap's pools), -1 when the text has none.
   */
  public static long heapUsed(String prometheusText) {
    double sum = 0;
    boolean any = false;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        any = true;
      }
    }
    return any ? (long) sum : -1;
  }

  /** Bytes in MiB, one decimal; "n/a" for a figure not measured. */
  public static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%.1f", bytes / (double) (1L << 20));
  }
}
