package dev.podidentity.nmi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The NMI and a bare Vert.x server, each in a process of its own with the DaemonSet's JVM options
 * and environment, measured by clients in processes of their own, in alternating rounds:
 *
 * <ul>
 *   <li>I1: both at idle, ready and asked nothing: CPU and thread wake-ups a second ({@link Idle});
 *   <li>P1: cache-hit throughput with wrk, NMI ÷ bare, median of the rounds; once more with twice
 *       the client (threads and connections) to show the client is not what bounds the ratio;
 *   <li>P2: p99 at a fixed 1,000 requests a second ({@link OpenLoopClient}, open loop, its own
 *       JVM), NMI ÷ bare, median of the rounds, each server measured with the other stopped;
 *   <li>P9: the cold path against an IMDS with a fixed delay: the NMI's own time per request, from
 *       its request log, beside the client's view ({@link ColdPath}).
 * </ul>
 *
 * Prints every round; asserts only that the answers were the expected ones.
 *
 * <pre>
 * mvn -B -ntp -pl nmi-gateway package -DskipTests
 * mvn -B -ntp -pl nmi-gateway test -Dbenchmark=true -Dtest=SeparateProcessBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Knobs: {@code -Dbenchmark.seconds} (per run, 10), {@code -Dbenchmark.rounds} (4; 1 below 5 s),
 * {@code -Dbenchmark.nmi.jvm} (extra NMI JVM flags, e.g. a flight recording), {@code
 * -Dbenchmark.imdsDelayMs} (5), {@code -Dbenchmark.nmi.env} ({@code K=V;K=V}, the NMI's only: to
 * compare a setting's cost), {@code -Dbenchmark.parts} (I1,P1,P2,P9: which to run), {@code
 * -Dbenchmark.coldRequests} (P9's requests, 10 a second; the run's seconds × 10), {@code
 * -Dbenchmark.coldWarmup} (P9's cold requests before those, not counted; 0).
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class SeparateProcessBenchmark {
  static final double SECONDS = Double.parseDouble(System.getProperty("benchmark.seconds", "10"));
  static final int ROUNDS = Integer.getInteger("benchmark.rounds", SECONDS >= 5 ? 4 : 1);
  static final String TOKEN_URI = NmiBenchmark.TOKEN_URI;
  static final String PARTS = System.getProperty("benchmark.parts", "I1,P1,P2,P9");
  static final int COLD_REQUESTS =
      Integer.getInteger("benchmark.coldRequests", (int) Math.max(10, SECONDS * 10));
  static final int COLD_WARMUP = Integer.getInteger("benchmark.coldWarmup", 0);

  private final StringBuilder report = new StringBuilder();

  @Test
  void nmiAgainstBareVertxInSeparateProcesses() throws Exception {
    assertThat(BenchProcesses.JAR)
        .as("build the jar first: mvn -pl nmi-gateway package -DskipTests")
        .exists();
    String node = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    // wrk cannot choose its source address: its connections come from 127.0.0.1, so that is the
    // bound pod's IP here.
    NmiBenchmark.seed(node, "127.0.0.1", "127.0.0.82");
    Map<String, String> env = BenchProcesses.daemonSetEnv();
    int nmiPort = LoopbackPorts.free();
    int helloPort = LoopbackPorts.free();
    List<String> extra =
        System.getProperty("benchmark.nmi.jvm", "").isBlank()
            ? List.of()
            : List.of(System.getProperty("benchmark.nmi.jvm").trim().split("\\s+"));
    File log = new File("target/nmi-separate-benchmark.log");
    try (StubImds imds = new StubImds(Long.getLong("benchmark.imdsDelayMs", 5))) {
      Map<String, String> nmiEnv = new java.util.HashMap<>(env);
      for (String kv : System.getProperty("benchmark.nmi.env", "").split(";")) {
        if (kv.contains("=")) {
          nmiEnv.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      Process nmi = BenchProcesses.startNmi(node, imds.url(), nmiPort, nmiEnv, extra, log);
      Process hello = null;
      try {
        hello = BenchProcesses.startHello(helloPort, env);
        BenchProcesses.awaitReady();
        say(
            "separate processes, both servers with %s, %d cores, %d round(s) of %.0f s, load"
                + " average %s",
            env, Runtime.getRuntime().availableProcessors(), ROUNDS, SECONDS, loadAverage());
        if (PARTS.contains("I1")) {
          Idle.measure(
              nmi,
              hello,
              Double.parseDouble(System.getProperty("benchmark.idleSettle", "5")),
              SECONDS,
              line -> say("%s", line));
        }
        if (PARTS.contains("P1")) {
          throughput(nmiPort, helloPort);
        }
        if (PARTS.contains("P2")) {
          FixedRateLatency.measure(nmi, nmiPort, hello, helloPort, ROUNDS, SECONDS, this::say);
        }
        if (PARTS.contains("P9")) {
          ColdPath.measure(imds, nmiPort, COLD_WARMUP, COLD_REQUESTS, log.toPath(), report);
        }
        say(
            "NMI VmRSS at the end: %.1f MiB; request log: %d lines in %s",
            BenchProcesses.rssKb(nmi) / 1024.0, Files.lines(log.toPath()).count(), log);
        say("load average at the end: %s", loadAverage());
      } finally {
        BenchProcesses.stop(nmi, hello);
      }
    }
    System.out.println("\n===== NMI in separate processes =====\n" + report + "=====");
    Files.writeString(Path.of("target/separate-benchmark-result.txt"), report.toString());
  }

  /** P1: wrk against each server in turn, the order swapped every round. */
  private void throughput(int nmiPort, int helloPort) throws Exception {
    String why = Wrk.unavailable();
    if (why != null) {
      say("P1 skipped: %s", why);
      BenchmarkReport.record("P1", "NMI cache hits ÷ bare Vert.x (wrk)", "skipped: " + why, "", "");
      return;
    }
    String nmiUrl = "http://127.0.0.1:" + nmiPort + TOKEN_URI;
    String helloUrl = "http://127.0.0.1:" + helloPort + "/";
    // The NMI has more code to compile than the bare server: both get a full run to warm up.
    double warm = Math.max(2, SECONDS);
    Wrk.run(1, 64, warm, nmiUrl);
    Wrk.run(1, 64, warm, helloUrl);
    double[] single = new double[ROUNDS];
    double[] connections = new double[ROUNDS];
    double[] doubled = new double[ROUNDS];
    double[] nmiRates = new double[ROUNDS];
    double[] helloRates = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      double[] one = wrkPair(r, 1, 64, nmiUrl, helloUrl);
      // Twice the connections on the same client thread, then twice the threads too: on 2 cores
      // the second wrk thread takes CPU from the server it measures.
      double[] more = wrkPair(r + 1, 1, 128, nmiUrl, helloUrl);
      double[] two = wrkPair(r, 2, 128, nmiUrl, helloUrl);
      single[r] = one[0] / one[1];
      connections[r] = more[0] / more[1];
      doubled[r] = two[0] / two[1];
      nmiRates[r] = one[0];
      helloRates[r] = one[1];
    }
    say("P1 ratio per round, wrk -t1 -c64 : %s, median %.2f", list(single), median(single));
    say(
        "P1 ratio per round, wrk -t1 -c128: %s, median %.2f",
        list(connections), median(connections));
    say("P1 ratio per round, wrk -t2 -c128: %s, median %.2f", list(doubled), median(doubled));
    BenchmarkReport.record(
        "P1",
        "NMI cache hits ÷ bare Vert.x, separate processes, DaemonSet JVM flags, wrk -t1 -c64, "
            + ROUNDS
            + " alternating rounds",
        String.format(
            "median %.2f (rounds %s); -t1 -c128: median %.2f (%s); -t2 -c128: median %.2f (%s)",
            median(single),
            list(single),
            median(connections),
            list(connections),
            median(doubled),
            list(doubled)),
        String.format(
            "NMI median %.0f req/s, bare Vert.x median %.0f req/s",
            median(nmiRates), median(helloRates)),
        ">= 0.9");
  }

  /** One round: {NMI rate, bare rate}, the order set by {@code round}. */
  private double[] wrkPair(int round, int threads, int connections, String nmi, String hello)
      throws Exception {
    Wrk.Result n;
    Wrk.Result h;
    if (round % 2 == 0) {
      n = Wrk.run(threads, connections, SECONDS, nmi);
      h = Wrk.run(threads, connections, SECONDS, hello);
    } else {
      h = Wrk.run(threads, connections, SECONDS, hello);
      n = Wrk.run(threads, connections, SECONDS, nmi);
    }
    say(
        "  wrk -t%d -c%d: NMI %.0f req/s (non-2xx %d %s), bare %.0f req/s, ratio %.2f",
        threads,
        connections,
        n.rate(),
        n.non2xx(),
        n.socketErrors(),
        h.rate(),
        n.rate() / h.rate());
    assertThat(n.non2xx()).as("NMI answers other than 200").isZero();
    return new double[] {n.rate(), h.rate()};
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static String list(double[] values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(String.format("%.2f", v));
    }
    return out.stream().collect(Collectors.joining(", "));
  }

  static String loadAverage() throws Exception {
    return String.join(
        " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
  }

  void say(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println(line);
    report.append(line).append('\n');
  }
}
