package dev.podidentity.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.testsupport.net.PlainHttp;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API restarted while its store keeps the data: a fabric8 informer (the watcher's kind of
 * client) loses its watch, and a pod deleted meanwhile through the store (another API server of the
 * control plane) must leave its cache once the API is back. The store replays only the objects that
 * exist, so only the 410 Gone that makes the informer list again can show the deletion.
 */
class ApiRestartIT {

  @Test
  void anInformerListsAgainAfterARestartAndSeesADeletionMadeWhileTheApiWasDown() throws Exception {
    try (MockApiServer.Running api = MockApiServer.start(0, List.of());
        KubernetesCluster cluster = KubernetesCluster.at(api.url());
        KubernetesCluster store = KubernetesCluster.at(api.storeUrl());
        // Reconnects every 100 ms rather than backing off from 1 s: the test waits less.
        KubernetesClient watching =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl(api.url())
                        .withWatchReconnectInterval(100)
                        .build())
                .build()) {
      cluster.createPod("default", "kept", Map.of(), false);
      cluster.createPod("default", "deleted", Map.of(), false);
      try (SharedIndexInformer<Pod> informer = watching.pods().inNamespace("default").inform()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> informer.getStore().list().size() == 2);

        assertThat(control(api, "/stop")).isEqualTo(200);
        store.deletePod("default", "deleted");
        store.createPod("default", "added", Map.of(), false);
        assertThat(control(api, "/start")).isEqualTo(200);

        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () ->
                    assertThat(informer.getStore().listKeys())
                        .containsExactlyInAnyOrder("default/kept", "default/added"));
      }
    }
  }

  private static int control(MockApiServer.Running api, String path) throws Exception {
    return PlainHttp.client(Duration.ofSeconds(5))
        .send(
            HttpRequest.newBuilder(URI.create(api.controlUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
