package dev.podidentity.nmi.bench;

import static dev.podidentity.nmi.bench.SeparateProcessBenchmark.TOKEN_URI;
import static dev.podidentity.nmi.bench.SeparateProcessBenchmark.list;
import static dev.podidentity.nmi.bench.SeparateProcessBenchmark.median;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * P2: the NMI's and the bare Vert.x server's p99 at a fixed 1,000 requests a second, from the
 * open-loop client in a JVM of its own ({@link OpenLoopClient}), each server in turn.
 */
final class FixedRateLatency {
  private FixedRateLatency() {}

  /** The rounds, the servers' order swapped every round; prints each and records P2. */
  static void measure(
      Process nmi,
      int nmiPort,
      Process hello,
      int helloPort,
      int rounds,
      double seconds,
      BiConsumer<String, Object[]> say)
      throws Exception {
    double[] ratio = new double[rounds];
    double[] nmiP99 = new double[rounds];
    double[] helloP99 = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long[] n;
      long[] h;
      if (r % 2 == 0) {
        n = alone(hello, nmiPort, TOKEN_URI, seconds);
        h = alone(nmi, helloPort, "/", seconds);
      } else {
        h = alone(nmi, helloPort, "/", seconds);
        n = alone(hello, nmiPort, TOKEN_URI, seconds);
      }
      nmiP99[r] = n[1] / 1000.0;
      helloP99[r] = h[1] / 1000.0;
      ratio[r] = nmiP99[r] / helloP99[r];
      say.accept(
          "  1,000 req/s: NMI p50 %.3f p99 %.3f max %.3f ms; bare p50 %.3f p99 %.3f max %.3f ms;"
              + " client lateness p99 %.3f / %.3f ms",
          new Object[] {
            n[0] / 1000.0,
            nmiP99[r],
            n[3] / 1000.0,
            h[0] / 1000.0,
            helloP99[r],
            h[3] / 1000.0,
            n[5] / 1000.0,
            h[5] / 1000.0
          });
      assertThat(n[4]).as("NMI answers other than 200").isZero();
    }
    say.accept(
        "P2 p99 ratio per round: %s, median %.2f", new Object[] {list(ratio), median(ratio)});
    BenchmarkReport.record(
        "P2",
        "NMI p99 at 1,000 req/s ÷ bare Vert.x p99, separate processes, each with the other"
            + " stopped, open-loop client in its own JVM, "
            + rounds
            + " alternating rounds",
        String.format(
            "median ratio %.2f (rounds %s); NMI p99 median %.3f ms",
            median(ratio), list(ratio), median(nmiP99)),
        String.format("bare Vert.x p99 median %.3f ms", median(helloP99)),
        "<= 1.0");
  }

  /**
   * {@link #openLoop} against one server with the {@code other} stopped ({@code SIGSTOP}), unless
   * {@code -Dbenchmark.p2.alone=false}: otherwise the idle server's threads run beside the measured
   * one, and the NMI's (its Kafka consumer, its view's confirmation) weigh on the bare server's
   * rounds as much as on its own. Measured: with both running, an NMI that woke 97 threads a second
   * at idle gave a better ratio than one that woke 60, by raising the bare server's p99.
   */
  private static long[] alone(Process other, int port, String uri, double seconds)
      throws Exception {
    if (!Boolean.parseBoolean(System.getProperty("benchmark.p2.alone", "true"))) {
      return openLoop(port, uri, seconds);
    }
    BenchProcesses.signal(other, "STOP");
    try {
      return openLoop(port, uri, seconds);
    } finally {
      BenchProcesses.signal(other, "CONT");
    }
  }

  /** {p50, p99, p99.9, max, errors, lateness p99} in microseconds, from the client's process. */
  private static long[] openLoop(int port, String uri, double seconds) throws Exception {
    Process p =
        BenchProcesses.java(
                OpenLoopClient.class,
                Integer.toString(port),
                uri,
                "1000",
                Double.toString(seconds),
                "200")
            .redirectErrorStream(true)
            .start();
    String result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    p.waitFor();
    assertThat(result).as("the open-loop client's result").isNotNull();
    return Arrays.stream(result.substring(7).trim().split(" "))
        .mapToLong(Long::parseLong)
        .toArray();
  }
}
