package dev.podidentity.systemtests.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where each pod's scheduled-to-token time went, from timestamps of four independent sources (the
 * benchmark's client, Kafka record timestamps, the simulator's operations, nothing the services
 * report about themselves). Pure: the phases of one pod always add up to its total.
 *
 * <p>The chain: {@code watcher} (scheduled until its pod record with an IP is on the topic) ->
 * {@code assigner} (what is left before its own PATCH starts: batch window, budget, queueing) and
 * {@code in-flight} (waiting while another PATCH of its scale set runs) -> {@code own PATCH} (the
 * simulator's operation that adds its identity, from when the pod was there) -> {@code ARM poll}
 * (operation ended until a client was told) -> {@code publish} (until its ASSIGNED record) ->
 * {@code client} (the request was sent after that) -> {@code NMI} (until the token was answered).
 */
public final class TailBreakdown {
  /** The phases, in order; {@link Phases#ms} follows this order. */
  public static final List<String> PHASES =
      List.of(
          "watcher", "assigner", "in-flight", "own PATCH", "ARM poll", "publish", "client", "NMI");

  /** What the client saw of one pod (epoch milliseconds). */
  public record Pod(String uid, String identityId, long scheduled, long requested, long answered) {}

  /**
   * What the topics say of one pod (epoch milliseconds, Kafka record timestamps): its first record
   * with an IP and its first record with every identity ASSIGNED; 0 when absent.
   */
  public record Records(long published, long assigned) {}

  /** One ARM update of the scale set, as the simulator ran it (epoch milliseconds). */
  public record Patch(List<String> added, long start, long end, long reported) {}

  /** One pod: when it was scheduled, its total and its phases (milliseconds, {@link #PHASES}). */
  public record Phases(long scheduled, long total, long[] ms) {}

  private TailBreakdown() {}

  /** The phases of one pod; {@code patches} are its scale set's, identity ids lowercase. */
  public static Phases of(Pod pod, Records records, List<Patch> patches) {
    long a = Math.max(records.published(), pod.scheduled());
    long z = Math.max(records.assigned(), a);
    long[] ms = new long[PHASES.size()];
    ms[0] = a - pod.scheduled();
    Patch own = ownPatch(pod.identityId(), a, z, patches);
    long ownStart = own == null ? z : Math.max(own.start(), a);
    long inFlight = overlap(a, ownStart, patches, own);
    ms[1] = ownStart - a - inFlight;
    ms[2] = inFlight;
    if (own != null) {
      long told = Math.max(own.end(), Math.min(z, own.reported()));
      ms[3] = own.end() - ownStart;
      ms[4] = told - own.end();
      ms[5] = z - told;
    }
    long sent = Math.max(z, pod.requested());
    ms[6] = sent - z;
    ms[7] = pod.answered() - sent;
    return new Phases(pod.scheduled(), pod.answered() - pod.scheduled(), ms);
  }

  /**
   * The update that put the pod's identity on: the last one adding it that ended after the pod was
   * there and before its assignment. None when the identity was already on.
   */
  static Patch ownPatch(String identityId, long from, long to, List<Patch> patches) {
    Patch own = null;
    for (Patch p : patches) {
      if (p.added().contains(identityId) && p.end() > from && p.end() <= to) {
        own = p;
      }
    }
    return own;
  }

  /** Milliseconds of [from, to) spent while an update other than {@code own} ran. */
  static long overlap(long from, long to, List<Patch> patches, Patch own) {
    long covered = 0;
    long cursor = from;
    List<Patch> sorted = new ArrayList<>(patches);
    sorted.sort(Comparator.comparingLong(Patch::start));
    for (Patch p : sorted) {
      if (p == own) {
        continue;
      }
      long s = Math.max(p.start(), cursor);
      long e = Math.min(Math.max(p.end(), p.reported()), to);
      if (e > s) {
        covered += e - s;
        cursor = e;
      }
    }
    return covered;
  }

  /** The value at quantile {@code q} of sorted {@code values}. */
  public static long quantile(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
  }

  /**
   * The table to print: each phase's p50, p99 and max over all pods, and its mean over the pods at
   * the median (the middle tenth) and over the pods at or above the p99 total.
   */
  public static String table(List<Phases> all) {
    long[] totals = all.stream().mapToLong(Phases::total).sorted().toArray();
    long p99 = quantile(totals, 0.99);
    long lo = quantile(totals, 0.45);
    long hi = quantile(totals, 0.55);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-10s %8s %8s %8s %12s %12s%n",
            "phase (ms)",
            "p50",
            "p99",
            "max",
            "median pods",
            "p99+ pods"));
    for (int i = 0; i < PHASES.size(); i++) {
      int k = i;
      long[] v = all.stream().mapToLong(p -> p.ms()[k]).sorted().toArray();
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %8d %8d %8d %12.0f %12.0f%n",
              PHASES.get(i),
              quantile(v, 0.5),
              quantile(v, 0.99),
              v[v.length - 1],
              mean(all, k, lo, hi),
              mean(all, k, p99, Long.MAX_VALUE)));
    }
    return out.toString();
  }

  /** The phases that make up the pods at or above the p99 total, largest first, in seconds. */
  public static String tailSummary(List<Phases> all) {
    long p99 = quantile(all.stream().mapToLong(Phases::total).sorted().toArray(), 0.99);
    Integer[] order = new Integer[PHASES.size()];
    double[] means = new double[PHASES.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      means[i] = mean(all, i, p99, Long.MAX_VALUE);
    }
    Arrays.sort(order, (x, y) -> Double.compare(means[y], means[x]));
    List<String> parts = new ArrayList<>();
    for (int i : order) {
      if (means[i] >= 50) {
        parts.add(String.format(Locale.ROOT, "%s %.1f s", PHASES.get(i), means[i] / 1000));
      }
    }
    return String.join(", ", parts);
  }

  /** The {@code n} slowest pods, one line each: when scheduled (from the first pod) and phases. */
  public static String slowest(List<Phases> all, int n) {
    long first = all.stream().mapToLong(Phases::scheduled).min().orElse(0);
    StringBuilder out = new StringBuilder();
    all.stream()
        .sorted(Comparator.comparingLong(Phases::total).reversed())
        .limit(n)
        .forEach(
            p -> {
              out.append(
                  String.format(
                      Locale.ROOT,
                      "  scheduled at +%.1f s, total %d ms:",
                      (p.scheduled() - first) / 1000.0,
                      p.total()));
              for (int i = 0; i < PHASES.size(); i++) {
                if (p.ms()[i] != 0) {
                  out.append(' ').append(PHASES.get(i)).append(' ').append(p.ms()[i]);
                }
              }
              out.append(System.lineSeparator());
            });
    return out.toString();
  }

  private static double mean(List<Phases> all, int phase, long minTotal, long maxTotal) {
    return all.stream()
        .filter(p -> p.total() >= minTotal && p.total() <= maxTotal)
        .mapToLong(p -> p.ms()[phase])
        .average()
        .orElse(0);
  }
}
