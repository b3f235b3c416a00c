package dev.podidentity.nmi.bench;

/**
 * The open-loop client of P2 as a process of its own, so that it does not share a JVM with either
 * server: {@code rate} requests a second for {@code seconds} from 127.0.0.1, each timed from when
 * it was due (see {@link LoadGenerator#fixedRate}). Prints one line {@code RESULT p50 p99 p999 max
 * errors lateness-p99}, in microseconds.
 *
 * <p>Arguments: port, uri, rate, seconds, expected status.
 */
public final class OpenLoopClient {
  private OpenLoopClient() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int rate = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    int expected = Integer.parseInt(args[4]);
    try (LoadGenerator g = new LoadGenerator("127.0.0.1", port, args[1], 8)) {
      // Warm this client's JIT and connections before the measured run.
      g.fixedRate(rate, Math.max(1, seconds / 2), expected);
      LoadGenerator.Result r = g.fixedRate(rate, seconds, expected);
      System.out.printf(
          "RESULT %d %d %d %d %d %d%n",
          r.micros().getValueAtPercentile(50),
          r.micros().getValueAtPercentile(99),
          r.micros().getValueAtPercentile(99.9),
          r.micros().getMaxValue(),
          r.errors(),
          g.lastSendLateness.getValueAtPercentile(99));
    }
    System.exit(0);
  }
}
