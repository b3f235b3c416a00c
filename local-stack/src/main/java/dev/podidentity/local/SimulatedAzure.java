package dev.podidentity.local;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.local.core.NodePools;
import dev.podidentity.local.core.ProviderIdBuilder;
import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness;
import dev.podidentity.local.process.Readiness.StartFailure;
import dev.podidentity.local.process.ServiceProcess;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Azure side of the local stack: the simulator process, and the node pools it is seeded with (a
 * scale set per pool, the nodes spread over them by {@link NodePools}, one VM per node, the kubelet
 * identity on every scale set as AKS puts it, the immutable identities asked for, and a Kubernetes
 * Node per VM with its pool's label and a providerID naming its own scale set).
 */
record SimulatedAzure(
    String armUrl,
    String imdsUrl,
    Path trustPem,
    SimulatorAdminClient admin,
    List<SimScaleSet> scaleSets,
    SimIdentity clusterIdentity,
    Map<String, SimIdentity> immutable,
    List<SimNode> nodes) {

  static final String SUBSCRIPTION = "00000000-0000-4000-8000-00000000c0de";
  static final String RESOURCE_GROUP = "MC_podidentity_local_westeurope";

  /**
   * Starts the simulator, waits until it is ready and seeds the node pool. Its Entra trusts {@code
   * issuerTrustPem} (the cluster's service-account issuer's certificate; null: none) when it
   * fetches keys for a federated assertion.
   */
  static SimulatedAzure start(
      StackOptions options,
      Processes processes,
      KubernetesCluster cluster,
      Path issuerTrustPem,
      Duration readyTimeout)
      throws IOException, StartFailure {
    int armPort = LoopbackPorts.free();
    int imdsPort = LoopbackPorts.free();
    Path trustDir = options.runDir().resolve("azure-simulator");
    List<Object> args =
        new ArrayList<>(
            List.of(
                "--arm-port",
                armPort,
                "--imds-port",
                imdsPort,
                "--patch-latency",
                options.patchLatency().toString(),
                "--time-scale",
                options.timeScale(),
                "--trust-dir",
                trustDir));
    if (issuerTrustPem != null) {
      args.addAll(List.of("--issuer-trust-pem", issuerTrustPem));
    }
    ServiceProcess sim =
        processes.launch(
            "azure-simulator",
            Processes.javaCommand("dev.podidentity.azuresim.Main", args.toArray()),
            Map.of());
    Readiness.awaitLog(sim, "tenant ", readyTimeout);
    String armUrl = "https://127.0.0.1:" + armPort;
    Path trustPem = trustDir.resolve("azure-simulator-ca.pem");
    return seed(
        options,
        cluster,
        armUrl,
        "http://127.0.0.1:" + imdsPort,
        trustPem,
        new SimulatorAdminClient(armUrl, trustPem));
  }

  @SuppressWarnings("unchecked")
  private static SimulatedAzure seed(
      StackOptions options,
      KubernetesCluster cluster,
      String armUrl,
      String imdsUrl,
      Path trustPem,
      SimulatorAdminClient admin) {
    int pools = options.scaleSets();
    List<SimScaleSet> scaleSets = new ArrayList<>();
    List<List<Map<String, Object>>> vmsOf = new ArrayList<>();
    for (int p = 0; p < pools; p++) {
      String name = NodePools.scaleSetName(p);
      Map<String, Object> vmss =
          admin.addScaleSet(
              SUBSCRIPTION, RESOURCE_GROUP, name, NodePools.sizeOf(p, options.nodes(), pools));
      scaleSets.add(new SimScaleSet(p, NodePools.poolName(p), name, (String) vmss.get("id")));
      vmsOf.add((List<Map<String, Object>>) vmss.get("vms"));
    }
    // AKS puts the kubelet identity on every node pool; it was there before us and is the
    // cluster identity the assigner must never remove.
    SimIdentity clusterIdentity = createIdentity(admin, "aks-agentpool-kubelet");
    Map<String, SimIdentity> immutable = new LinkedHashMap<>();
    for (String name : options.immutableIdentities()) {
      immutable.put(name, createIdentity(admin, name));
    }
    for (SimScaleSet s : scaleSets) {
      admin.assignIdentities(s.id(), List.of(clusterIdentity.id()), false);
    }
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      SimScaleSet s = scaleSets.get(NodePools.poolOf(i, pools));
      Map<String, Object> vm = vmsOf.get(s.index()).get(NodePools.instanceOf(i, pools));
      String name = (String) vm.get("name");
      String instanceId = (String) vm.get("instanceId");
      String providerId =
          ProviderIdBuilder.scaleSetInstance(SUBSCRIPTION, RESOURCE_GROUP, s.name(), instanceId);
      nodes.add(
          new SimNode(
              i,
              name,
              instanceId,
              providerId,
              (String) vm.get("imdsEndpoint"),
              LoopbackPorts.any(),
              LoopbackPorts.any(),
              s));
      cluster.createNode(name, providerId, s.pool());
    }
    return new SimulatedAzure(
        armUrl,
        imdsUrl,
        trustPem,
        admin,
        List.copyOf(scaleSets),
        clusterIdentity,
        Collections.unmodifiableMap(immutable),
        List.copyOf(nodes));
  }

  /** The first scale set's ARM id (the only one unless the stack was asked for more pools). */
  String scaleSetId() {
    return scaleSets.get(0).id();
  }

  /** Creates a user-assigned identity in the node pool's resource group. */
  @SuppressWarnings("unchecked")
  static SimIdentity createIdentity(SimulatorAdminClient admin, String name) {
    Map<String, Object> mi = admin.createIdentity(SUBSCRIPTION, RESOURCE_GROUP, name);
    return new SimIdentity(
        name, (String) mi.get("id"), (String) mi.get("clientId"), (String) mi.get("principalId"));
  }
}
