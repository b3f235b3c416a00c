package dev.podidentity.local;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.local.core.PodAddresses;
import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.port.Cluster;
import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness.StartFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: a Kafka broker, a Kubernetes API, the Azure simulator, the
 * watcher, the assigner and one NMI per simulated node, each a separate process on 127.0.0.1.
 * {@link #start} returns once every part is ready; {@link #close} stops them in reverse order. Used
 * by the CLI ({@code bin/podidentity-local}) and by the system tests.
 */
public final class LocalStack implements AutoCloseable {
  private final StackOptions options;
  private final Processes processes;
  private final StackLauncher launcher;
  private final StackServices services;
  private final PodAddresses addresses = new PodAddresses();
  private final Thread shutdownHook;
  private KafkaAccess kafka;
  private KubernetesApi kubernetesApi;
  private SimulatedAzure azure;
  private KubernetesCluster cluster;
  private StackPods pods;

  private LocalStack(StackOptions options) {
    this.options = options;
    this.processes = new Processes(options.runDir().resolve("logs"), StackLauncher.READY_TIMEOUT);
    this.launcher = new StackLauncher(options, processes);
    this.services = new StackServices(processes);
    this.shutdownHook = new Thread(launcher::stopAll, "local-stack-shutdown");
  }

  /** Starts every part and waits until each is ready; on failure stops what started and throws. */
  public static LocalStack start(StackOptions options) throws IOException, StartFailure {
    LocalStack stack = new LocalStack(options);
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      stack.launcher.startAll();
      stack.kafka = stack.launcher.kafka();
      stack.kubernetesApi = stack.launcher.kubernetesApi();
      stack.azure = stack.launcher.azure();
      stack.cluster = stack.kubernetesApi.cluster();
      stack.pods = new StackPods(stack.cluster, stack.addresses);
      return stack;
    } catch (IOException | StartFailure | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  // ---- what the demo and the system tests use

  public String bootstrapServers() {
    return kafka.bootstrap();
  }

  public String kubernetesUrl() {
    return kubernetesApi.url();
  }

  /** The {@code iss} of the cluster's service-account tokens (TokenRequest); see the README. */
  public String serviceAccountIssuer() {
    return kubernetesApi.serviceAccountIssuer();
  }

  public String armUrl() {
    return azure.armUrl();
  }

  public String imdsUrl() {
    return azure.imdsUrl();
  }

  public Path trustPem() {
    return azure.trustPem();
  }

  public String subscription() {
    return SimulatedAzure.SUBSCRIPTION;
  }

  public String resourceGroup() {
    return SimulatedAzure.RESOURCE_GROUP;
  }

  /** The first scale set's ARM id (node 0's; the only one with the default single pool). */
  public String scaleSetId() {
    return azure.scaleSetId();
  }

  /** The first scale set's name. */
  public String scaleSetName() {
    return azure.scaleSets().get(0).name();
  }

  /** Every scale set's ARM id, pool 0 first ({@link StackOptions#scaleSets}). */
  public List<String> scaleSetIds() {
    return azure.scaleSets().stream().map(SimScaleSet::id).toList();
  }

  /** Every node pool, pool 0 first; each node names its own ({@link SimNode#scaleSet}). */
  public List<SimScaleSet> scaleSets() {
    return azure.scaleSets();
  }

  public SimIdentity clusterIdentity() {
    return azure.clusterIdentity();
  }

  public SimIdentity immutableIdentity(String name) {
    return azure.immutable().get(name);
  }

  public List<SimNode> nodes() {
    return azure.nodes();
  }

  public SimNode node(int index) {
    return azure.nodes().get(index);
  }

  public SimulatorAdminClient simulator() {
    return azure.admin();
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
  public SimIdentity createIdentity(String name) {
    return SimulatedAzure.createIdentity(azure.admin(), name);
  }

  /**
   * What {@code az aks pod-identity add --binding-selector} does: an AzureIdentity for a
   * user-assigned identity and a binding that gives it to pods labelled {@code aadpodidbinding:
   * <selector>}.
   */
  public void addPodIdentity(String namespace, String name, SimIdentity identity, String selector) {
    addPodIdentity(namespace, name, identity, selector, Map.of());
  }

  /** As above, with annotations on the binding (e.g. {@code podidentity.k8s.io/eager: "true"}). */
  public void addPodIdentity(
      String namespace,
      String name,
      SimIdentity identity,
      String selector,
      Map<String, String> bindingAnnotations) {
    cluster.putIdentity(namespace, name, 0, identity.id(), identity.clientId());
    cluster.putBinding(namespace, name + "-binding", name, selector, bindingAnnotations);
  }

  /**
   * Plays scheduler and kubelet: creates the pod, binds it to the node and reports it Running with
   * a loopback IP (or the node's 127.0.0.1 for a host-network pod).
   */
  public PodRef startPod(String namespace, String name, Map<String, String> labels, SimNode node) {
    return pods.start(namespace, name, labels, node, false);
  }

  public PodRef startPod(
      String namespace, String name, Map<String, String> labels, SimNode node, boolean hostNet) {
    return pods.start(namespace, name, labels, node, hostNet);
  }

  /** The launcher's pods with a service account of their own, or at a given IP. */
  public StackPods pods() {
    return pods;
  }

  /** Federated identities: AzureIdentity, binding and the federated credentials Entra trusts. */
  public FederatedIdentities federated() {
    return new FederatedIdentities(cluster, azure.admin(), this::serviceAccountIssuer);
  }

  /**
   * Schedules and starts, until closed, every pod that appears without a node or address (those a
   * user applies with kubectl); the launcher's own pods are placed by the methods above.
   */
  public AutoCloseable runKubelet() {
    if (options.kubeconfig().isPresent()) {
      return () -> {}; // a real cluster has its own scheduler and kubelets
    }
    return new StandInKubelet(
            cluster, azure.nodes().stream().map(SimNode::name).toList(), addresses)
        .start();
  }

  /** Creates and binds the pod without an IP yet (its first container already runs). */
  public PodRef createUnstartedPod(
      String namespace, String name, Map<String, String> labels, SimNode node) {
    return pods.createUnstarted(namespace, name, labels, node);
  }

  /** Reports the IP of a pod made by {@link #createUnstartedPod}. */
  public void reportRunning(PodRef pod) {
    pods.reportRunning(pod);
  }

  public void deletePod(PodRef pod) {
    cluster.deletePod(pod.namespace(), pod.name());
  }

  /**
   * Stops the Kubernetes API as kube-apiserver stops while etcd keeps the data: no listener, every
   * connection and watch dropped. Only the stack's own API can; {@link #kubernetesStore()} still
   * takes writes meanwhile.
   */
  public void stopKubernetesApi() {
    kubernetesApi.front(false);
  }

  /** Starts it again on its port; watches from before must list again (410 Gone). */
  public void startKubernetesApi() {
    kubernetesApi.front(true);
  }

  /** The store behind the stack's own Kubernetes API (null with a kubeconfig). */
  public String kubernetesStore() {
    return kubernetesApi.storeUrl();
  }

  /** The services as processes: kill, stop, restart, a replica, logs, management URLs. */
  public StackServices services() {
    return services;
  }

  /** Where each part listens, for {@code --keep-running}. */
  public List<String> endpoints() {
    return StackEndpoints.lines(
        kafka, kubernetesUrl(), serviceAccountIssuer(), azure, processes, options.runDir());
  }

  /** Stops every process in reverse order of start; idempotent. */
  @Override
  public void close() {
    launcher.stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself while the JVM exits: nothing to remove.
    }
  }
}
