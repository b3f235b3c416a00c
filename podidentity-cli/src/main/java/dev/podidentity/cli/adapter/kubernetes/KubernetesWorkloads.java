package dev.podidentity.cli.adapter.kubernetes;

import dev.podidentity.cli.core.ClusterView;
import dev.podidentity.cli.port.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@link Workloads} through the application's fabric8 client: one list of each, no watch. */
@ApplicationScoped
public class KubernetesWorkloads implements Workloads {
  private final KubernetesClient client;

  KubernetesWorkloads(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<ClusterView.Node> nodes() {
    return client.nodes().list().getItems().stream()
        .map(
            n ->
                new ClusterView.Node(
                    n.getMetadata().getName(),
                    n.getSpec() == null ? null : n.getSpec().getProviderID()))
        .toList();
  }

  @Override
  public List<ClusterView.Pod> pods() {
    return client.pods().inAnyNamespace().list().getItems().stream()
        .map(KubernetesWorkloads::pod)
        .toList();
  }

  private static ClusterView.Pod pod(Pod p) {
    return new ClusterView.Pod(
        p.getMetadata().getUid(),
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        p.getSpec() == null ? null : p.getSpec().getNodeName(),
        p.getStatus() == null ? null : p.getStatus().getPhase(),
        p.getMetadata().getDeletionTimestamp() != null,
        p.getMetadata().getLabels());
  }
}
