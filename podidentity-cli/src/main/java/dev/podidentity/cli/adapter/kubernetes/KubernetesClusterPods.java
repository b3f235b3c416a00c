package dev.podidentity.cli.adapter.kubernetes;

import dev.podidentity.cli.core.ClusterPod;
import dev.podidentity.cli.port.ClusterPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ClusterPods} through the application's fabric8 client (the kubeconfig's cluster). */
@ApplicationScoped
public class KubernetesClusterPods implements ClusterPods {
  private final KubernetesClient client;

  KubernetesClusterPods(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ClusterPod> get(String namespace, String name) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get())
        .map(KubernetesClusterPods::project);
  }

  @Override
  public String contextNamespace() {
    String namespace = client.getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }

  static ClusterPod project(Pod pod) {
    var status = pod.getStatus();
    List<String> ips = new ArrayList<>();
    if (status != null && status.getPodIPs() != null) {
      for (PodIP ip : status.getPodIPs()) {
        ips.add(ip.getIp());
      }
    }
    if (ips.isEmpty() && status != null && status.getPodIP() != null) {
      ips.add(status.getPodIP());
    }
    var spec = pod.getSpec();
    return new ClusterPod(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getUid(),
        pod.getMetadata().getLabels(),
        spec == null ? null : spec.getNodeName(),
        status == null || status.getPhase() == null ? "Unknown" : status.getPhase(),
        ips,
        spec != null && Boolean.TRUE.equals(spec.getHostNetwork()),
        pod.getMetadata().getDeletionTimestamp() != null,
        spec == null ? null : spec.getServiceAccountName());
  }
}
