package dev.podidentity.cli.adapter.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.ClusterPod;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cluster's pod as {@code explain} sees it, read from the Kubernetes test server. */
class KubernetesClusterPodsIT {
  private final KubernetesClient client = KubernetesTestServerResource.server().getClient();
  private final KubernetesClusterPods pods = new KubernetesClusterPods(client);
  private final String namespace = "cluster-pods-" + UUID.randomUUID();

  @Test
  void projectsLabelsNodePhaseEveryIpAndHostNetwork() {
    String uid =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName("web")
                    .withLabels(Map.of("aadpodidbinding", "demo"))
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("node-1")
                    .withHostNetwork(true)
                    .withServiceAccountName("web")
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .withPodIP("10.0.0.9")
                    .withPodIPs(
                        new PodIPBuilder().withIp("10.0.0.9").build(),
                        new PodIPBuilder().withIp("fd00::9").build())
                    .endStatus()
                    .build())
            .create()
            .getMetadata()
            .getUid();

    assertThat(pods.get(namespace, "web"))
        .contains(
            new ClusterPod(
                namespace,
                "web",
                uid,
                Map.of("aadpodidbinding", "demo"),
                "node-1",
                "Running",
                List.of("10.0.0.9", "fd00::9"),
                true,
                false,
                "web"));
  }

  @Test
  void aMissingPodIsEmpty() {
    assertThat(pods.get(namespace, "ghost")).isEmpty();
  }
}
