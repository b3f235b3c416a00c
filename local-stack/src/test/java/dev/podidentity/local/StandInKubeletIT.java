package dev.podidentity.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.core.PodAddresses;
import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.kube.MockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pod applied without a node is scheduled, started, and gives its address back when deleted. */
class StandInKubeletIT {
  @Test
  void schedulesAndStartsAPodAUserAppliedAndReusesItsAddressAfterIt() throws Exception {
    try (MockApiServer.Running api = MockApiServer.start(0, List.of());
        KubernetesCluster cluster = KubernetesCluster.at(api.url());
        AutoCloseable kubelet =
            new StandInKubelet(cluster, List.of("node-0", "node-1"), new PodAddresses("127.0.9.1"))
                .start()) {
      cluster.createPod("default", "applied", Map.of("aadpodidbinding", "demo"), false);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.podIp("default", "applied"), Optional::isPresent);
      assertThat(cluster.podIp("default", "applied")).hasValue("127.0.9.1");
      assertThat(cluster.client().pods().inNamespace("default").withName("applied").get())
          .satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-0"))
          .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

      cluster.deletePod("default", "applied");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.podIp("default", "applied").isEmpty());
      cluster.createPod("default", "next", Map.of(), false);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(cluster.podIp("default", "next")).hasValue("127.0.9.1"));
      assertThat(cluster.client().pods().inNamespace("default").withName("next").get())
          .satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-1"));
    }
  }
}
