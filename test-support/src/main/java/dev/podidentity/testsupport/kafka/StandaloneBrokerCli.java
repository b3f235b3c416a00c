package dev.podidentity.testsupport.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The command line of {@link StandaloneBroker} ({@code bin/kafka-broker}). */
final class StandaloneBrokerCli {
  private StandaloneBrokerCli() {}

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "podidentity-kafka");
    int port = 9092;
    boolean tls = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--tls" -> tls = true;
        default -> {
          err.println("unknown option " + args[i] + "\n" + usage());
          return 2;
        }
      }
    }
    Path brokerDir = dir;
    switch (args[0]) {
      case "start" -> {
        out.println("starting Kafka (KRaft, one node) with data in " + dir + " ...");
        StandaloneBroker.Handle h = StandaloneBroker.start(dir, port, tls);
        out.println("Kafka is up: bootstrap " + h.bootstrapServers() + " (pid " + h.pid() + ")");
        StandaloneBroker.secured(brokerDir)
            .ifPresent(s -> StandaloneTls.describe(s, brokerDir).forEach(out::println));
        // Last, alone on its line: what scripts read.
        out.println(h.bootstrapServers());
        return 0;
      }
      case "stop" -> {
        out.println(
            StandaloneBroker.stop(dir)
                ? "stopped the broker of " + dir
                : "no broker runs for " + dir);
        return 0;
      }
      case "status" -> {
        Optional<StandaloneBroker.Handle> h = StandaloneBroker.status(dir);
        out.println(
            h.map(x -> "running: bootstrap " + x.bootstrapServers() + " (pid " + x.pid() + ")")
                .orElse("not running (" + dir + ")"));
        StandaloneBroker.secured(brokerDir)
            .ifPresent(s -> StandaloneTls.describe(s, brokerDir).forEach(out::println));
        return h.isPresent() ? 0 : 3;
      }
      default -> {
        err.println("unknown command " + args[0] + "\n" + usage());
        return 2;
      }
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static String usage() {
    return new String(
        ("Usage: kafka-broker <start|stop|status> [--port N] [--dir DIR] [--tls]\n"
                + "  start   start one KRaft broker on 127.0.0.1 (port 9092 by default, 0 = any free"
                + " port);\n"
                + "          prints the bootstrap address; data, log and pid file live in DIR\n"
                + "  --tls   also mutual TLS on port N+1 and SASL_SSL (SCRAM-SHA-512, PLAIN) on N+2\n"
                + "          (free ports with 0), under ACLs; CA, certificates and client settings\n"
                + "          in DIR/tls; PLAINTEXT stays, for a super user\n"
                + "  stop    stop the broker of DIR\n"
                + "  status  print whether the broker of DIR runs (exit 0) or not (exit 3)\n"
                + "  DIR defaults to $TMPDIR/podidentity-kafka\n")
            .getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8);
  }
}
