package dev.podidentity.nmi.bench;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.bench.Pacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What an NMI costs its node when no pod asks for anything: CPU and thread wake-ups a second, from
 * {@code /proc/<pid>/task/<tid>/{stat,status}}, beside the bare Vert.x server's (the JVM's own
 * floor: its periodic task, monitor deflation). An NMI runs on every node, so its idle cost is paid
 * 5,000 times in a cluster at AKS's limit; and every wake-up of a thread beside the event loops may
 * take the core a request needs (P2).
 */
final class Idle {
  private Idle() {}

  /**
   * The process's CPU ticks (exited threads' included), and each live thread's kind, CPU ticks and
   * context switches (voluntary, involuntary), by thread id.
   */
  record Usage(long processTicks, Map<String, String> kinds, Map<String, long[]> byThread) {}

  static Usage usage(Process p) throws IOException {
    Path proc = Path.of("/proc/" + p.pid());
    Map<String, String> kinds = new TreeMap<>();
    Map<String, long[]> byThread = new TreeMap<>();
    try (var tasks = Files.list(proc.resolve("task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          long[] v = {ticks(stat), 0, 0};
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              v[1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
              v[2] = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
          }
          String tid = task.getFileName().toString();
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          kinds.put(tid, name.replaceAll("[0-9]+", "#"));
          byThread.put(tid, v);
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return new Usage(ticks(Files.readString(proc.resolve("stat"))), kinds, byThread);
  }

  /**
   * utime + stime of a {@code stat} line, in clock ticks: "pid (name) state ...", the name may hold
   * spaces, and they are fields 14 and 15.
   */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** {CPU ticks, voluntary switches} from {@code a} to {@code b} by thread kind. */
  private static Map<String, long[]> deltas(Usage a, Usage b) {
    Map<String, long[]> byKind = new TreeMap<>();
    b.byThread()
        .forEach(
            (tid, v) -> {
              long[] before = a.byThread().getOrDefault(tid, new long[3]);
              long[] sum = byKind.computeIfAbsent(b.kinds().get(tid), k -> new long[2]);
              sum[0] += v[0] - before[0];
              sum[1] += v[1] - before[1];
            });
    return byKind;
  }

  /**
   * Leaves both servers alone for {@code settle} seconds (the NMI's start-up compiling), then for
   * {@code seconds} measured, and reports both.
   */
  static void measure(
      Process nmi, Process bare, double settle, double seconds, Consumer<String> say)
      throws IOException {
    Pacing.awaitNanoTime(System.nanoTime() + (long) (settle * 1e9));
    Usage n0 = usage(nmi);
    Usage b0 = usage(bare);
    long start = System.nanoTime();
    Pacing.awaitNanoTime(start + (long) (seconds * 1e9));
    Usage n1 = usage(nmi);
    Usage b1 = usage(bare);
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<String, long[]> nmiKinds = deltas(n0, n1);
    double[] n = perSecond(n1.processTicks() - n0.processTicks(), nmiKinds, elapsed);
    double[] b = perSecond(b1.processTicks() - b0.processTicks(), deltas(b0, b1), elapsed);
    StringBuilder kinds = new StringBuilder();
    nmiKinds.entrySet().stream()
        .filter(e -> e.getValue()[1] >= elapsed / 2)
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .forEach(
            e ->
                kinds.append(
                    String.format(
                        "%s %.1f/s %.1f ms/s; ",
                        e.getKey(), e.getValue()[1] / elapsed, e.getValue()[0] * 10.0 / elapsed)));
    say.accept(
        String.format(
            "idle, %.0f s after %.0f s to settle: NMI %.1f ms CPU/s, %.1f wake-ups/s; bare Vert.x"
                + " %.1f ms CPU/s, %.1f wake-ups/s%n  NMI by thread (wake-ups, CPU): %s",
            elapsed, settle, n[0], n[1], b[0], b[1], kinds));
    BenchmarkReport.record(
        "I1",
        "NMI at idle (ready, no requests), separate processes, DaemonSet JVM flags: CPU and"
            + " thread wake-ups a second",
        String.format("%.1f ms CPU/s, %.1f wake-ups/s", n[0], n[1]),
        String.format("bare Vert.x %.1f ms CPU/s, %.1f wake-ups/s", b[0], b[1]),
        "");
  }

  /**
   * {CPU ms, wake-ups} a second: CPU from the process's ticks (10 ms each), wake-ups the live
   * threads' voluntary switches (a thread that slept and was woken).
   */
  private static double[] perSecond(long ticks, Map<String, long[]> byKind, double seconds) {
    long switches = byKind.values().stream().mapToLong(v -> v[1]).sum();
    return new double[] {ticks * 10.0 / seconds, switches / seconds};
  }
}
