package dev.podidentity.local;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.events.Topics;
import dev.podidentity.local.core.PodAddresses;
import dev.podidentity.local.core.Progress;
import dev.podidentity.local.core.ProviderIdBuilder;
import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.port.Cluster;
import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness;
import dev.podidentity.local.process.Readiness.StartFailure;
import dev.podidentity.local.process.ServiceProcess;
import dev.podidentity.testsupport.kafka.StandaloneBroker;
import dev.podidentity.testsupport.kafka.TopicAdmin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system on one machine: a Kafka broker, a Kubernetes API, the Azure simulator, the
 * watcher, the assigner and one NMI per simulated node, each a separate process on 127.0.0.1.
 * {@link #start} returns once every part is ready; {@link #close} stops them in reverse order. Used
 * by the CLI ({@code bin/podidentity-local}) and by the system tests.
 */
public final class LocalStack implements AutoCloseable {
  static final String SUBSCRIPTION = "00000000-0000-4000-8000-00000000c0de";
  static final String RESOURCE_GROUP = "MC_podidentity_local_westeurope";
  static final String SCALE_SET = "aks-nodepool1-12345678-vmss";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final StackOptions options;
  private final PrintStream out;
  private final Processes processes;
  private final PodAddresses addresses = new PodAddresses();
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<String, SimIdentity> immutable = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "local-stack-shutdown");
  private boolean brokerStarted;
  private String bootstrap;
  private String kubernetesUrl;
  private String armUrl;
  private String imdsUrl;
  private Path trustPem;
  private String scaleSetId;
  private SimIdentity clusterIdentity;
  private SimulatorAdminClient simulator;
  private KubernetesCluster cluster;
  private int step;
  private int totalSteps;

  private LocalStack(StackOptions options) {
    this.options = options;
    this.out = options.out();
    this.processes = new Processes(options.runDir().resolve("logs"), READY_TIMEOUT);
  }

  /** Starts every part and waits until each is ready; on failure stops what started and throws. */
  public static LocalStack start(StackOptions options) throws IOException, StartFailure {
    LocalStack stack = new LocalStack(options);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.startAll();
      return stack;
    } catch (IOException | StartFailure | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws IOException, StartFailure {
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
    for (SimNode node : nodes) {
      startNmi(node);
    }
    out.println("local stack: ready (" + processes.count() + " processes)");
  }

  private void startBroker() throws IOException {
    long t0 = System.nanoTime();
    out.println(Progress.starting(++step, totalSteps, "Kafka broker"));
    try {
      StandaloneBroker.Handle h = StandaloneBroker.start(options.runDir().resolve("kafka"), 0);
      brokerStarted = true;
      bootstrap = h.bootstrapServers();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the broker", e);
    }
    TopicAdmin.ensure(bootstrap, Topics.ALL);
    out.println(Progress.up(step, totalSteps, "Kafka broker", bootstrap, since(t0)));
  }

  private void startKubernetes(boolean mockApi) throws IOException, StartFailure {
    long t0 = System.nanoTime();
    String label = mockApi ? "Kubernetes API (mock server)" : "Kubernetes API (kubeconfig)";
    out.println(Progress.starting(++step, totalSteps, label));
    if (mockApi) {
      int port = freePort();
      ServiceProcess api =
          processes.launch(
              "kubernetes-api",
              Processes.javaCommand("dev.podidentity.local.kube.MockApiServer", port),
              Map.of());
      Readiness.awaitLog(api, "kubernetes-api http://", READY_TIMEOUT);
      kubernetesUrl = "http://127.0.0.1:" + port;
      cluster = KubernetesCluster.at(kubernetesUrl);
    } else {
      cluster = KubernetesCluster.fromKubeconfig(options.kubeconfig().get());
      kubernetesUrl = cluster.client().getConfiguration().getMasterUrl();
    }
    out.println(Progress.up(step, totalSteps, label, kubernetesUrl, since(t0)));
  }

  private void startSimulator() throws IOException, StartFailure {
    long t0 = System.nanoTime();
    out.println(Progress.starting(++step, totalSteps, "Azure simulator"));
    int armPort = freePort();
    int imdsPort = freePort();
    Path trustDir = options.runDir().resolve("azure-simulator");
    ServiceProcess sim =
        processes.launch(
            "azure-simulator",
            Processes.javaCommand(
                "dev.podidentity.azuresim.Main",
                "--arm-port",
                armPort,
                "--imds-port",
                imdsPort,
                "--patch-latency",
                options.patchLatency().toString(),
                "--time-scale",
                options.timeScale(),
                "--trust-dir",
                trustDir),
            Map.of());
    Readiness.awaitLog(sim, "tenant ", READY_TIMEOUT);
    armUrl = "https://127.0.0.1:" + armPort;
    imdsUrl = "http://127.0.0.1:" + imdsPort;
    trustPem = trustDir.resolve("azure-simulator-ca.pem");
    simulator = new SimulatorAdminClient(armUrl, trustPem);
    seedCloudAndNodes();
    out.println(Progress.up(step, totalSteps, "Azure simulator", armUrl, since(t0)));
  }

  @SuppressWarnings("unchecked")
  private void seedCloudAndNodes() {
    Map<String, Object> vmss =
        simulator.addScaleSet(SUBSCRIPTION, RESOURCE_GROUP, SCALE_SET, options.nodes());
    scaleSetId = (String) vmss.get("id");
    // AKS puts the kubelet identity on every node pool; it was there before us and is the
    // cluster identity the assigner must never remove.
    clusterIdentity = createIdentity("aks-agentpool-kubelet");
    List<String> before = new ArrayList<>(List.of(clusterIdentity.id()));
    for (String name : options.immutableIdentities()) {
      SimIdentity mi = createIdentity(name);
      immutable.put(name, mi);
    }
    simulator.assignIdentities(scaleSetId, before, false);
    List<Map<String, Object>> vms = (List<Map<String, Object>>) vmss.get("vms");
    for (int i = 0; i < vms.size(); i++) {
      Map<String, Object> vm = vms.get(i);
      String name = (String) vm.get("name");
      String instanceId = (String) vm.get("instanceId");
      String providerId =
          ProviderIdBuilder.scaleSetInstance(SUBSCRIPTION, RESOURCE_GROUP, SCALE_SET, instanceId);
      SimNode node =
          new SimNode(
              i, name, instanceId, providerId, (String) vm.get("imdsEndpoint"), port(), port());
      cluster.createNode(name, providerId);
      nodes.add(node);
    }
  }

  private void startWatcher() throws IOException, StartFailure {
    Map<String, String> env = ServiceEnvironments.watcher(commonEnv());
    env.putAll(options.envFor("watcher"));
    startQuarkus("watcher", "watcher-service", port(), env);
  }

  private void startAssigner() throws IOException, StartFailure {
    String secret = UUID.randomUUID().toString();
    Map<String, String> env =
        ServiceEnvironments.assigner(
            commonEnv(),
            simulator.addServicePrincipal(null, secret, null),
            secret,
            armUrl,
            trustPem,
            clusterIdentity.id(),
            immutable.values().stream().map(SimIdentity::id).toList());
    env.putAll(options.envFor("assigner"));
    startQuarkus("assigner", "assigner-service", port(), env);
  }

  private void startNmi(SimNode node) throws IOException, StartFailure {
    Map<String, String> env = ServiceEnvironments.nmi(commonEnv(), node, trustPem);
    env.putAll(options.envFor("nmi"));
    env.putAll(options.envFor("nmi-" + node.index()));
    startQuarkus("nmi-" + node.index(), "nmi-gateway", node.nmiManagementPort(), env);
  }

  private Map<String, String> commonEnv() {
    return ServiceEnvironments.common(bootstrap, kubernetesUrl, options.kubeconfig());
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

  // ---- what the demo and the system tests use

  public String bootstrapServers() {
    return bootstrap;
  }

  public String kubernetesUrl() {
    return kubernetesUrl;
  }

  public String armUrl() {
    return armUrl;
  }

  public String imdsUrl() {
    return imdsUrl;
  }

  public Path trustPem() {
    return trustPem;
  }

  public String subscription() {
    return SUBSCRIPTION;
  }

  public String resourceGroup() {
    return RESOURCE_GROUP;
  }

  public String scaleSetId() {
    return scaleSetId;
  }

  public String scaleSetName() {
    return SCALE_SET;
  }

  public SimIdentity clusterIdentity() {
    return clusterIdentity;
  }

  public SimIdentity immutableIdentity(String name) {
    return immutable.get(name);
  }

  public List<SimNode> nodes() {
    return List.copyOf(nodes);
  }

  public SimNode node(int index) {
    return nodes.get(index);
  }

  public SimulatorAdminClient simulator() {
    return simulator;
  }

  public Cluster cluster() {
    return cluster;
  }

  public KubernetesCluster kubernetes() {
    return cluster;
  }

  public Path runDir() {
    return options.runDir();
  }

  /** The NMI token endpoint base of a node, e.g. {@code http://127.0.0.1:41234}. */
  public String nmiFor(SimNode node) {
    return "http://127.0.0.1:" + node.nmiPort();
  }

  /** Creates a user-assigned identity in the simulator's resource group. */
  @SuppressWarnings("unchecked")
  public SimIdentity createIdentity(String name) {
    Map<String, Object> mi = simulator.createIdentity(SUBSCRIPTION, RESOURCE_GROUP, name);
    return new SimIdentity(
        name, (String) mi.get("id"), (String) mi.get("clientId"), (String) mi.get("principalId"));
  }

  /**
   * What {@code az aks pod-identity add --binding-selector} does: an AzureIdentity for a
   * user-assigned identity and a binding that gives it to pods labelled {@code aadpodidbinding:
   * <selector>}.
   */
  public void addPodIdentity(String namespace, String name, SimIdentity identity, String selector) {
    cluster.putIdentity(namespace, name, 0, identity.id(), identity.clientId());
    cluster.putBinding(namespace, name + "-binding", name, selector);
  }

  /**
   * Plays scheduler and kubelet: creates the pod, binds it to the node and reports it Running with
   * a loopback IP (or the node's 127.0.0.1 for a host-network pod).
   */
  public PodRef startPod(String namespace, String name, Map<String, String> labels, SimNode node) {
    return startPod(namespace, name, labels, node, false);
  }

  public PodRef startPod(
      String namespace, String name, Map<String, String> labels, SimNode node, boolean hostNet) {
    String uid = cluster.createPod(namespace, name, labels, hostNet);
    cluster.bindPod(namespace, name, node.name());
    String ip = hostNet ? "127.0.0.1" : addresses.next();
    cluster.setPodStatus(namespace, name, ip, "Running");
    return new PodRef(namespace, name, uid, ip, node);
  }

  /** Creates and binds the pod without an IP yet (its first container already runs). */
  public PodRef createUnstartedPod(
      String namespace, String name, Map<String, String> labels, SimNode node) {
    String uid = cluster.createPod(namespace, name, labels, false);
    cluster.bindPod(namespace, name, node.name());
    return new PodRef(namespace, name, uid, addresses.next(), node);
  }

  /** Reports the IP of a pod made by {@link #createUnstartedPod}. */
  public void reportRunning(PodRef pod) {
    cluster.setPodStatus(pod.namespace(), pod.name(), pod.ip(), "Running");
  }

  public void deletePod(PodRef pod) {
    cluster.deletePod(pod.namespace(), pod.name());
  }

  /** The names of the services that can be killed and restarted. */
  public List<String> services() {
    return processes.names();
  }

  /** SIGKILL a service, as a crashed pod. */
  public void kill(String service) {
    processes.kill(service);
  }

  /** Starts a killed or stopped service again and waits until it is ready. */
  public void restart(String service) throws IOException, StartFailure {
    processes.restart(service);
  }

  public boolean isRunning(String service) {
    return processes.isRunning(service);
  }

  public Path logOf(String service) {
    return processes.logOf(service);
  }

  /** Where each part listens, for {@code --keep-running}. */
  public List<String> endpoints() {
    List<String> lines = new ArrayList<>();
    lines.add("kafka bootstrap     " + bootstrap);
    lines.add("kubernetes api      " + kubernetesUrl);
    lines.add("azure simulator     " + armUrl + " (ARM, Entra, /admin)  imds " + imdsUrl);
    lines.add("simulator trust pem " + trustPem);
    for (Map.Entry<String, String> e : processes.readyUrls().entrySet()) {
      String base = e.getValue().replace("/q/health/ready", "");
      lines.add(
          String.format("%-19s health %s/q/health  metrics %s/q/metrics", e.getKey(), base, base));
    }
    for (SimNode n : nodes) {
      lines.add(
          String.format(
              "node %-14s %s  token endpoint %s/metadata/identity/oauth2/token",
              n.index(), n.name(), nmiFor(n)));
    }
    lines.add("logs                " + options.runDir().resolve("logs"));
    return lines;
  }

  /** Stops every process in reverse order of start; idempotent. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself while the JVM exits: nothing to remove.
    }
  }

  private synchronized void stopAll() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
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

  private static int port() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
