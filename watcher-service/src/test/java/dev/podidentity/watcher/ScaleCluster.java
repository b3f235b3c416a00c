package dev.podidentity.watcher;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The objects of a cluster at AKS's size, shaped like a real one's so that the informers' caches
 * weigh what they would: a pod of a Deployment with one container (requests, limits, env, a
 * projected token volume), four conditions and a container status (about 2 KB of JSON); a node of a
 * scale set with its heartbeat conditions.
 */
final class ScaleCluster {
  final int nodes;
  final int pods;
  final int identities;

  ScaleCluster(int nodes, int pods, int identities) {
    this.nodes = nodes;
    this.pods = pods;
    this.identities = identities;
  }

  /** Records the watcher publishes for this cluster: one per node, pod, identity and binding. */
  long records() {
    return nodes + pods + 2L * identities;
  }

  void fill(PrefilledTestServer server) {
    for (int i = 0; i < nodes; i++) {
      server.put("/api/v1/nodes", node(i, Instant.now()));
    }
    for (int i = 0; i < pods; i++) {
      server.put("/api/v1/namespaces/" + namespace(i) + "/pods", pod(i, 0));
    }
    for (int i = 0; i < identities; i++) {
      String ns = namespace(i);
      server.put(
          "/apis/aadpodidentity.k8s.io/v1/namespaces/" + ns + "/azureidentities",
          ClusterObjects.identity(ns, "id-" + i, ClusterObjects.UAMI + "id-" + i));
      server.put(
          "/apis/aadpodidentity.k8s.io/v1/namespaces/" + ns + "/azureidentitybindings",
          ClusterObjects.binding(ns, "bind-" + i, "id-" + i, "sel-" + i));
    }
  }

  /** A kubelet's status report: the heartbeat times move, nothing the watcher projects does. */
  void heartbeat(PrefilledTestServer server, int node) {
    server.put("/api/v1/nodes", node(node, Instant.now()));
  }

  /** A container restart: the pod's status changes, its projection (IP, phase, node) does not. */
  void restart(PrefilledTestServer server, int pod, int restarts) {
    server.put("/api/v1/namespaces/" + namespace(pod) + "/pods", pod(pod, restarts));
  }

  static String namespace(int i) {
    return "team-" + (i % 50);
  }

  // 100 node pools of 50 nodes each at full size: AKS's limits (5,000 nodes, 100 pools).
  String nodeName(int i) {
    int pools = Math.max(1, Math.min(100, nodes / 50));
    return "aks-pool" + (i % pools) + "-vmss" + String.format("%06d", i / pools);
  }

  Node node(int i, Instant heartbeat) {
    int pools = Math.max(1, Math.min(100, nodes / 50));
    Node n = ClusterObjects.node(nodeName(i), ClusterObjects.providerId("pool" + (i % pools), i));
    n.getMetadata().setUid(String.format("00000000-0000-4000-a000-%012d", i));
    n.getMetadata()
        .setLabels(
            Map.of(
                "agentpool", "pool" + (i % pools),
                "kubernetes.azure.com/mode", "user",
                "topology.kubernetes.io/zone", "westeurope-" + (i % 3 + 1)));
    NodeStatus status = new NodeStatus();
    String beat = heartbeat.toString();
    status.setConditions(
        List.of(
            new NodeCondition(
                beat, beat, "kubelet is posting ready status", "KubeletReady", "True", "Ready"),
            new NodeCondition(
                beat,
                beat,
                "no memory pressure",
                "KubeletHasSufficientMemory",
                "False",
                "MemoryPressure"),
            new NodeCondition(
                beat,
                beat,
                "no disk pressure",
                "KubeletHasNoDiskPressure",
                "False",
                "DiskPressure")));
    status.setCapacity(
        Map.of(
            "cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("250")));
    n.setStatus(status);
    return n;
  }

  Pod pod(int i, int restarts) {
    String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    String app = "app-" + (i % 1000);
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace(i))
        .withName(app + "-7d9f8b6c5-" + i)
        // A status update keeps the pod's uid: it is the same pod.
        .withUid(String.format("00000000-0000-4000-9000-%012d", i))
        .withLabels(
            Map.of(
                "app",
                app,
                "pod-template-hash",
                "7d9f8b6c5",
                "aadpodidbinding",
                "sel-" + (i % Math.max(1, identities))))
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(app + "-7d9f8b6c5")
        .withUid("00000000-0000-4000-8000-" + String.format("%012d", i % 1000))
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName(nodeName(i % nodes))
        .withServiceAccountName("default")
        .addNewContainer()
        .withName("app")
        .withImage("myregistry.azurecr.io/" + app + ":1.4.2")
        .addNewPort()
        .withContainerPort(8080)
        .withProtocol("TCP")
        .endPort()
        .addNewEnv()
        .withName("AZURE_CLIENT_ID")
        .withValue("00000000-0000-0000-0000-0000000000c1")
        .endEnv()
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue("info")
        .endEnv()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
        .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")))
        .endResources()
        .addNewVolumeMount()
        .withName("kube-api-access")
        .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("kube-api-access")
        .withNewProjected()
        .withDefaultMode(420)
        .endProjected()
        .endVolume()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withHostIP("10.224.0." + (i % nodes % 250 + 4))
        .withPodIP(ip)
        .addNewPodIP(ip)
        .withQosClass("Burstable")
        .withStartTime("2026-12-01T00:00:00Z")
        .addNewCondition()
        .withType("Initialized")
        .withStatus("True")
        .endCondition()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewCondition()
        .withType("ContainersReady")
        .withStatus("True")
        .endCondition()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .endCondition()
        .addNewContainerStatus()
        .withName("app")
        .withImage("myregistry.azurecr.io/" + app + ":1.4.2")
        .withReady(true)
        .withRestartCount(restarts)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-12-01T00:00:0" + (restarts % 10) + "Z")
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
