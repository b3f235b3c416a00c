package dev.podidentity.assigner.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a burst's pods spent their time, from sources that do not report on themselves: when the
 * benchmark sent each pod, the simulator's operations (start, end, and when a client was first told
 * it ended), and the assignment records' timestamps. Each pod's time splits into four phases that
 * add up to its total: waiting for its scale set's PATCH to start (the batch, the run), the
 * operation, the SDK's poll after it ended, and publishing after that.
 */
final class BurstPhases {
  private static final String[] NAMES = {"to the PATCH", "operation", "poll", "publish"};

  /** One simulator operation: its target (lowercased ARM id) and epoch milliseconds. */
  record Operation(String target, long start, long end, long reported) {
    @SuppressWarnings("unchecked")
    static Operation of(Map<String, Object> timing) {
      long end = ((Number) timing.getOrDefault("endMillis", 0L)).longValue();
      return new Operation(
          ((String) timing.get("target")).toLowerCase(Locale.ROOT),
          ((Number) timing.get("startMillis")).longValue(),
          end,
          ((Number) timing.getOrDefault("reportedMillis", end)).longValue());
    }
  }

  /** One pod: its scale set (lowercased ARM id), when it was sent and when it was ASSIGNED. */
  record Pod(String target, long sent, long assigned) {}

  private BurstPhases() {}

  /**
   * The mean of each phase over all pods and over the slowest 1 %, as one printable line; a pod is
   * placed on the last operation of its scale set that began after it was sent and ended before it
   * was assigned.
   */
  static String summary(List<Operation> operations, List<Pod> pods) {
    List<long[]> phases = new ArrayList<>();
    for (Pod p : pods) {
      operations.stream()
          .filter(
              op ->
                  op.target().equals(p.target())
                      && op.start() >= p.sent()
                      && op.end() > 0
                      && op.end() <= p.assigned())
          .max(Comparator.comparingLong(Operation::start))
          .ifPresent(
              op ->
                  phases.add(
                      new long[] {
                        op.start() - p.sent(),
                        op.end() - op.start(),
                        op.reported() - op.end(),
                        p.assigned() - op.reported()
                      }));
    }
    if (phases.isEmpty()) {
      return "no pod was assigned by an operation of the burst";
    }
    phases.sort(Comparator.comparingLong(BurstPhases::total));
    List<long[]> tail =
        phases.subList(phases.size() - Math.max(1, phases.size() / 100), phases.size());
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "where the time went (ms, mean of %d pods / of the slowest %d):",
                phases.size(),
                tail.size()));
    for (int i = 0; i < NAMES.length; i++) {
      out.append(
          String.format(Locale.ROOT, " %s %.0f / %.0f,", NAMES[i], mean(phases, i), mean(tail, i)));
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static long total(long[] phases) {
    long sum = 0;
    for (long p : phases) {
      sum += p;
    }
    return sum;
  }

  private static double mean(List<long[]> phases, int i) {
    return phases.stream().mapToLong(p -> p[i]).average().orElse(0);
  }
}
