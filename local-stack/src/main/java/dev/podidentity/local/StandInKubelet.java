package dev.podidentity.local;

import dev.podidentity.local.core.Kubelet;
import dev.podidentity.local.core.PodAddresses;
import dev.podidentity.local.port.Cluster;
import dev.podidentity.local.port.PodSeen;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedules and starts the pods a user applies with kubectl while the stack keeps running: the
 * decision is {@link Kubelet}'s, the addresses come from the stack's pool and go back to it when
 * the pod is deleted, so a new pod may reuse one as a CNI plugin would.
 */
final class StandInKubelet {
  private final Cluster cluster;
  private final Kubelet kubelet;
  private final PodAddresses addresses;
  private final Map<String, String> handedOut = new ConcurrentHashMap<>();

  StandInKubelet(Cluster cluster, List<String> nodes, PodAddresses addresses) {
    this.cluster = cluster;
    this.kubelet = new Kubelet(nodes);
    this.addresses = addresses;
  }

  AutoCloseable start() {
    return cluster.watchPods(this::seen, this::gone);
  }

  private void seen(PodSeen pod) {
    Kubelet.Step step = kubelet.next(pod.node(), pod.podIp(), pod.hostNetwork(), pod.deleting());
    if (step instanceof Kubelet.Bind bind) {
      cluster.bindPod(pod.namespace(), pod.name(), bind.node());
    } else if (step instanceof Kubelet.Start start) {
      String ip = start.hostNetwork() ? "127.0.0.1" : addresses.next();
      if (!start.hostNetwork()) {
        handedOut.put(key(pod), ip);
      }
      cluster.setPodStatus(pod.namespace(), pod.name(), ip, "Running");
    }
  }

  private void gone(PodSeen pod) {
    String ip = handedOut.remove(key(pod));
    if (ip != null) {
      addresses.release(ip);
    }
  }

  private static String key(PodSeen pod) {
    return pod.namespace() + "/" + pod.name();
  }
}
