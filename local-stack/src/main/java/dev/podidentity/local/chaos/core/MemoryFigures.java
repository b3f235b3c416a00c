package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Each service's memory over a run: its resident size at start and end, as the machine sees it, and
 * its live heap (the heap used right after a full collection) once the workload is at its full size
 * and again at the end, which is what tells a leak. Resident size alone cannot: a JVM keeps what
 * its heap once reached, so two samples of it show a heap filling up as growth.
 *
 * <p>A live heap may grow from the mark to the end by {@link #GROWTH} or {@link #FLOOR_BYTES},
 * whichever is more: the workload moves around its full size, and what fills to a fixed bound (the
 * Kafka clients' pooled buffers after a broker outage, bounded caches) is not growth without bound.
 * A service restarted in between starts again from its own baseline, so it can only pass.
 *
 * @param rssStartKb resident size per service at start, kB (-1: not measured)
 * @param rssEndKb and at the end
 * @param liveHeapMarkBytes live heap per service once the workload is at full size (-1: not
 *     measured)
 * @param liveHeapEndBytes and at the end
 */
public record MemoryFigures(
    Map<String, Long> rssStartKb,
    Map<String, Long> rssEndKb,
    Map<String, Long> liveHeapMarkBytes,
    Map<String, Long> liveHeapEndBytes) {

  /** How much a live heap may grow between the mark and the end, as a ratio. */
  public static final double GROWTH = 1.25;

  /** ... or in bytes, whichever allows more. */
  public static final long FLOOR_BYTES = 16L << 20;

  public MemoryFigures {
    rssStartKb = Map.copyOf(rssStartKb);
    rssEndKb = Map.copyOf(rssEndKb);
    liveHeapMarkBytes = Map.copyOf(liveHeapMarkBytes);
    liveHeapEndBytes = Map.copyOf(liveHeapEndBytes);
  }

  /** The most the live heap may reach at the end, from its size at the mark. */
  public static long allowed(long markBytes) {
    return Math.max((long) (markBytes * GROWTH), markBytes + FLOOR_BYTES);
  }

  /** One line for each service whose live heap grew past what the mark allows. */
  public List<String> grown() {
    List<String> out = new ArrayList<>();
    for (String s : new TreeSet<>(liveHeapEndBytes.keySet())) {
      long mark = liveHeapMarkBytes.getOrDefault(s, -1L);
      long end = liveHeapEndBytes.get(s);
      if (mark > 0 && end > allowed(mark)) {
        out.add(
            String.format(
                "%s: live heap %.1f MiB at the mark, %.1f MiB at the end (allowed %.1f MiB)",
                s, mib(mark), mib(end), mib(allowed(mark))));
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

  static double mib(long bytes) {
    return bytes / (double) (1L << 20);
  }
}
