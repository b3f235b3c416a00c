package dev.podidentity.local;

import dev.podidentity.local.core.Progress;
import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness.StartFailure;
import dev.podidentity.testsupport.kafka.StandaloneBroker;
import dev.podidentity.testsupport.net.LoopbackPorts;
import dev.podidentity.testsupport.tools.NmiDaemonSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the stack's parts in order (broker, Kubernetes API, simulator, watcher, assigner, one NMI
 * per node), printing progress, and stops them all: {@link LocalStack}'s start-up, apart from its
 * handle so that each stays readable.
 */
final class StackLauncher {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final StackOptions options;
  private final PrintStream out;
  private final Processes processes;
  private boolean brokerStarted;
  private boolean clusterClosed;
  private KafkaAccess kafka;
  private KubernetesApi kubernetesApi;
  private SimulatedAzure azure;
  private int step;
  private int totalSteps;

  StackLauncher(StackOptions options, Processes processes) {
    this.options = options;
    this.out = options.out();
    this.processes = processes;
  }

  KafkaAccess kafka() {
    return kafka;
  }

  KubernetesApi kubernetesApi() {
    return kubernetesApi;
  }

  SimulatedAzure azure() {
    return azure;
  }

  void startAll() throws IOException, StartFailure {
    for (String module : List.of("watcher-service", "assigner-service", "nmi-gateway")) {
      if (!Files.isRegularFile(RepoRoot.quarkusRunner(options.repoRoot(), module))) {
        throw new IOException(
            "missing "
                + RepoRoot.quarkusRunner(options.repoRoot(), module)
                + ": build first (mvn -B -ntp install -DskipTests)");
      }
    }
    Files.createDirectories(options.runDir());
    boolean mockApi = options.kubeconfig().isEmpty();
    totalSteps = 5 + options.nodes();
    out.println("local stack: run directory " + options.runDir());
    startBroker();
    startKubernetes(mockApi);
    startSimulator();
    startWatcher();
    startAssigner();
    // As the DaemonSet runs the NMI (k8s/base/nmi.yaml); the stack's own JVM options come after
    // JDK_JAVA_OPTIONS on the command line, so its larger heap wins.
    Map<String, String> daemonSet = NmiDaemonSet.environment(options.repoRoot());
    for (SimNode node : azure.nodes()) {
      startNmi(node, daemonSet);
    }
    out.println("local stack: ready (" + processes.count() + " processes)");
  }

  private void startBroker() throws IOException {
    long t0 = System.nanoTime();
    out.println(Progress.starting(++step, totalSteps, "Kafka broker"));
    try {
      // Marked first: a start that fails half-way (TLS set-up) still stops the process.
      brokerStarted = true;
      kafka =
          KafkaAccess.start(
              options.runDir().resolve("kafka"), options.repoRoot(), options.kafkaSecurity());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the broker", e);
    }
    String where =
        options.kafkaSecurity() == StackOptions.KafkaSecurity.PLAINTEXT
            ? kafka.bootstrap()
            : kafka.bootstrap() + ", services over " + options.kafkaSecurity();
    out.println(Progress.up(step, totalSteps, "Kafka broker", where, since(t0)));
  }

  private void startKubernetes(boolean mockApi) throws IOException, StartFailure {
    long t0 = System.nanoTime();
    String label = mockApi ? "Kubernetes API (mock server)" : "Kubernetes API (kubeconfig)";
    out.println(Progress.starting(++step, totalSteps, label));
    kubernetesApi = KubernetesApi.start(options, processes, READY_TIMEOUT);
    String where =
        kubernetesApi.url() + ", service-account issuer " + kubernetesApi.serviceAccountIssuer();
    out.println(Progress.up(step, totalSteps, label, where, since(t0)));
  }

  private void startSimulator() throws IOException, StartFailure {
    long t0 = System.nanoTime();
    out.println(Progress.starting(++step, totalSteps, "Azure simulator"));
    azure =
        SimulatedAzure.start(
            options,
            processes,
            kubernetesApi.cluster(),
            kubernetesApi.issuerTrustPem(),
            READY_TIMEOUT);
    String where = azure.armUrl();
    if (azure.scaleSets().size() > 1) {
      where += ", " + azure.scaleSets().size() + " scale sets";
    }
    out.println(Progress.up(step, totalSteps, "Azure simulator", where, since(t0)));
  }

  private void startWatcher() throws IOException, StartFailure {
    Map<String, String> env = ServiceEnvironments.watcher(commonEnv());
    env.putAll(kafka.environment("watcher"));
    env.putAll(options.envFor("watcher"));
    startQuarkus("watcher", "watcher-service", LoopbackPorts.any(), env);
  }

  private void startAssigner() throws IOException, StartFailure {
    String secret = UUID.randomUUID().toString();
    Map<String, String> env =
        ServiceEnvironments.assigner(
            commonEnv(),
            azure.admin().addServicePrincipal(null, secret, null),
            secret,
            azure.armUrl(),
            azure.trustPem(),
            azure.clusterIdentity().id(),
            azure.immutable().values().stream().map(SimIdentity::id).toList());
    env.putAll(kafka.environment("assigner"));
    env.putAll(options.envFor("assigner"));
    startQuarkus("assigner", "assigner-service", LoopbackPorts.any(), env);
  }

  private void startNmi(SimNode node, Map<String, String> daemonSet)
      throws IOException, StartFailure {
    Map<String, String> env =
        ServiceEnvironments.nmi(commonEnv(), node, azure.trustPem(), azure.armUrl());
    env.putAll(daemonSet);
    env.putAll(kafka.environment("nmi"));
    env.putAll(options.envFor("nmi"));
    env.putAll(options.envFor("nmi-" + node.index()));
    startQuarkus("nmi-" + node.index(), "nmi-gateway", node.nmiManagementPort(), env);
  }

  private Map<String, String> commonEnv() {
    return ServiceEnvironments.common(kafka.bootstrap(), kubernetesApi.url(), options.kubeconfig());
  }

  private void startQuarkus(String name, String module, int httpPort, Map<String, String> env)
      throws IOException, StartFailure {
    long t0 = System.nanoTime();
    out.println(Progress.starting(++step, totalSteps, name));
    env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    List<String> cmd = Processes.jvm();
    if (options.kubeconfig().isEmpty()) {
      // Never fall back to a developer's kubeconfig or a service account in the simulated cluster.
      cmd.add("-Dkubernetes.auth.tryKubeConfig=false");
      cmd.add("-Dkubernetes.auth.tryServiceAccount=false");
      cmd.add("-Dkubernetes.http2.disable=true");
    }
    cmd.add("-jar");
    cmd.add(RepoRoot.quarkusRunner(options.repoRoot(), module).toString());
    processes.launch(name, cmd, env);
    processes.awaitReady(name, "http://127.0.0.1:" + httpPort + "/q/health/ready");
    out.println(
        Progress.up(step, totalSteps, name, "http://127.0.0.1:" + httpPort + "/q", since(t0)));
  }

  /** Stops the Kubernetes client, every process in reverse order of start, then the broker. */
  synchronized void stopAll() {
    if (kubernetesApi != null && !clusterClosed) {
      kubernetesApi.cluster().close();
      clusterClosed = true;
    }
    processes.stopAll(STOP_GRACE);
    if (brokerStarted) {
      try {
        StandaloneBroker.stop(options.runDir().resolve("kafka"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      brokerStarted = false;
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
