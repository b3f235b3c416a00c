package dev.podidentity.local;

import dev.podidentity.local.core.PodAddresses;
import dev.podidentity.local.port.Cluster;
import java.util.Map;

/**
 * The launcher playing scheduler and kubelet for the pods it creates: the pod object (with its
 * service account), its binding to a node, and its Running status with a loopback IP.
 */
public final class StackPods {
  private final Cluster cluster;
  private final PodAddresses addresses;

  StackPods(Cluster cluster, PodAddresses addresses) {
    this.cluster = cluster;
    this.addresses = addresses;
  }

  /** Creates, binds and starts a pod of {@code serviceAccount} on {@code node}. */
  public PodRef start(
      String namespace,
      String name,
      Map<String, String> labels,
      SimNode node,
      String serviceAccount) {
    return startAt(namespace, name, labels, node, serviceAccount, addresses.next());
  }

  /**
   * As {@link #start}, at a given IP: the address of a pod deleted before, as a CNI plugin hands it
   * to the next pod (what IP-reuse scenarios need, without depending on the order of releases).
   */
  public PodRef startAt(
      String namespace,
      String name,
      Map<String, String> labels,
      SimNode node,
      String serviceAccount,
      String ip) {
    String uid = create(namespace, name, labels, node, false, serviceAccount);
    cluster.setPodStatus(namespace, name, ip, "Running");
    return new PodRef(namespace, name, uid, ip, node, serviceAccount);
  }

  PodRef start(
      String namespace, String name, Map<String, String> labels, SimNode node, boolean hostNet) {
    String uid = create(namespace, name, labels, node, hostNet, PodRef.DEFAULT_ACCOUNT);
    String ip = hostNet ? "127.0.0.1" : addresses.next();
    cluster.setPodStatus(namespace, name, ip, "Running");
    return new PodRef(namespace, name, uid, ip, node);
  }

  PodRef createUnstarted(String namespace, String name, Map<String, String> labels, SimNode node) {
    String uid = create(namespace, name, labels, node, false, PodRef.DEFAULT_ACCOUNT);
    return new PodRef(namespace, name, uid, addresses.next(), node);
  }

  void reportRunning(PodRef pod) {
    cluster.setPodStatus(pod.namespace(), pod.name(), pod.ip(), "Running");
  }

  private String create(
      String namespace,
      String name,
      Map<String, String> labels,
      SimNode node,
      boolean hostNet,
      String serviceAccount) {
    String uid = cluster.createPod(namespace, name, labels, hostNet, serviceAccount);
    cluster.bindPod(namespace, name, node.name());
    return uid;
  }
}
