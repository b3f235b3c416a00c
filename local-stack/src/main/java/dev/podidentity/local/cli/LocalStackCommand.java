package dev.podidentity.local.cli;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.RepoRoot;
import dev.podidentity.local.StackOptions;
import dev.podidentity.local.core.Progress;
import dev.podidentity.local.demo.Demo;
import dev.podidentity.local.process.Readiness.StartFailure;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/podidentity-local}: the whole system on one machine, and the seed's demo. */
@Command(
    name = "podidentity-local",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the whole pod-identity system on this machine as separate processes on 127.0.0.1:"
          + " a Kafka broker, a Kubernetes API (a mock API server, or your cluster with"
          + " --kubeconfig), the Azure simulator, the watcher, the assigner and one NMI per"
          + " simulated node. Then runs the demo (a pod gets a token through the real Azure SDK,"
          + " reads ARM with it and reads instance metadata), prints a summary and stops"
          + " everything. Ctrl-C stops everything at any time."
    })
public final class LocalStackCommand implements Callable<Integer> {

  @Option(
      names = "--nodes",
      description = "Simulated nodes, one NMI each. Default ${DEFAULT-VALUE}.")
  int nodes = 2;

  @Option(
      names = "--scale-sets",
      description =
          "Node pools, one scale set each (at most --nodes); nodes are spread over them in turn."
              + " Default ${DEFAULT-VALUE}.")
  int scaleSets = 1;

  @Option(
      names = "--keep-running",
      description = "After the demo, keep the stack up and print where each part listens.")
  boolean keepRunning;

  @Option(names = "--no-demo", description = "Start the stack only (implies --keep-running).")
  boolean noDemo;

  @Option(
      names = "--kubeconfig",
      description = "Use this cluster instead of starting the mock Kubernetes API.")
  Path kubeconfig;

  @Option(
      names = "--patch-latency",
      description = "Seconds a simulated scale-set PATCH takes. Default ${DEFAULT-VALUE}.")
  double patchLatency = 2;

  @Option(
      names = "--kafka-tls",
      arity = "0..1",
      fallbackValue = "mtls",
      paramLabel = "mtls|scram",
      description =
          "The broker also listens with TLS under ACLs, and each service connects over TLS as its"
              + " own principal with its KafkaUser manifest's ACLs: mutual TLS (default) or"
              + " SASL_SSL with SCRAM-SHA-512. The services get KAFKA_SECURITY_PROTOCOL,"
              + " KAFKA_SSL_TRUSTSTORE_* and KAFKA_SSL_KEYSTORE_* or KAFKA_SASL_*.")
  String kafkaTls;

  @Option(
      names = "--run-dir",
      description = "Logs and data. Default: local-stack/target/local-stack/run-<time>.")
  Path runDir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path root =
        RepoRoot.find()
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        new CommandLine(this),
                        "cannot find the repository: run from inside it or set PODIDENTITY_HOME"));
    StackOptions options =
        StackOptions.defaults(root)
            .withNodes(nodes)
            .withScaleSets(scaleSets)
            .withKubeconfig(kubeconfig)
            .withPatchLatency(Duration.ofMillis((long) (patchLatency * 1000)))
            .withKafkaSecurity(kafkaSecurity());
    if (runDir != null) {
      options = options.withRunDir(runDir.toAbsolutePath());
    }
    long t0 = System.nanoTime();
    LocalStack stack;
    try {
      stack = LocalStack.start(options);
    } catch (StartFailure e) {
      out.println("local stack: FAILED: " + e.getMessage());
      out.println("---- last lines of " + e.process().log());
      e.process().tail(40).forEach(l -> out.println("  " + l));
      return 1;
    }
    try (stack) {
      out.println(
          "local stack: up in " + Progress.seconds(Duration.ofNanos(System.nanoTime() - t0)));
      if (!noDemo) {
        List<String> summary;
        try {
          summary = new Demo(stack, out).run();
        } catch (Exception e) {
          out.println();
          out.println("demo FAILED: " + e.getMessage());
          out.println("logs: " + stack.runDir().resolve("logs"));
          return 1;
        }
        out.println();
        out.println("summary");
        summary.forEach(l -> out.println("  - " + l));
        out.println(
            "  - total "
                + Progress.seconds(Duration.ofNanos(System.nanoTime() - t0))
                + " with "
                + stack.nodes().size()
                + " nodes; logs in "
                + stack.runDir().resolve("logs"));
      }
      if (keepRunning || noDemo) {
        out.println();
        out.println("the stack keeps running; Ctrl-C stops it");
        stack.endpoints().forEach(l -> out.println("  " + l));
        try (AutoCloseable kubelet = stack.runKubelet()) {
          if (kubeconfig == null) {
            out.println();
            Walkthrough.prepare(stack).forEach(out::println);
          }
          new CountDownLatch(1).await();
        }
      }
      out.println("local stack: stopping");
    }
    out.println("local stack: stopped");
    return 0;
  }

  private StackOptions.KafkaSecurity kafkaSecurity() {
    if (kafkaTls == null) {
      return StackOptions.KafkaSecurity.PLAINTEXT;
    }
    return switch (kafkaTls.toLowerCase(java.util.Locale.ROOT)) {
      case "mtls" -> StackOptions.KafkaSecurity.MTLS;
      case "scram" -> StackOptions.KafkaSecurity.SCRAM;
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this), "--kafka-tls takes mtls or scram, not " + kafkaTls);
    };
  }

  public static void main(String[] args) {
    // The launcher's own Kafka and Kubernetes clients: warnings only; the services log to files.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.exit(new CommandLine(new LocalStackCommand()).execute(args));
  }
}
