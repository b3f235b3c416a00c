package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentity;
import dev.podidentity.watcher.engine.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deletions made while the watcher was down arrive as tombstones after it restarts. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class RestartIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;
  @Inject WatcherService service;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private final String ns = "restart-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void watcherRunsAgain() {
    service.start();
  }

  private Optional<TopicReader.Rec> last(String topic, String key) {
    return TopicReader.last(bootstrap, topic, key);
  }

  @Test
  void deletionsWhileDownArriveAsTombstonesAndCreationsAsRecordsAfterRestart() {
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
    String nodeName = "node-" + ns;
    client.nodes().resource(ClusterObjects.node(nodeName, "kind://restart")).create();
    String podUid =
        client
            .pods()
            .resource(ClusterObjects.pod(ns, "doomed", nodeName))
            .create()
            .getMetadata()
            .getUid();
    client.resource(ClusterObjects.identity(ns, "doomed", ClusterObjects.UAMI + "x")).create();
    String podKey = Keys.podOnUnmanagedNode(nodeName, podUid);
    String idKey = Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "doomed");
    String laterKey = Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "born-while-down");
    await().atMost(WAIT).until(() -> last(Topics.PODS, podKey).isPresent());
    await().atMost(WAIT).until(() -> last(Topics.CONFIG, idKey).isPresent());

    service.stop();
    client.pods().inNamespace(ns).withName("doomed").delete();
    client.resources(AzureIdentity.class).inNamespace(ns).withName("doomed").delete();
    client.nodes().withName(nodeName).delete();
    client
        .resource(ClusterObjects.identity(ns, "born-while-down", ClusterObjects.UAMI + "y"))
        .create();
    assertThat(last(Topics.PODS, podKey)).get().matches(r -> !r.tombstone());

    service.start();

    await().atMost(WAIT).until(() -> last(Topics.PODS, podKey).orElseThrow().tombstone());
    await().atMost(WAIT).until(() -> last(Topics.CONFIG, idKey).orElseThrow().tombstone());
    await().atMost(WAIT).until(() -> last(Topics.NODES, nodeName).orElseThrow().tombstone());
    await().atMost(WAIT).until(() -> last(Topics.CONFIG, laterKey).isPresent());
  }

  @Test
  void restartingOnAnUnchangedClusterPublishesNothingNew() {
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
    String nodeName = "steady-" + ns;
    client.nodes().resource(ClusterObjects.node(nodeName, "kind://steady")).create();
    await().atMost(WAIT).until(() -> last(Topics.NODES, nodeName).isPresent());
    double before = service.metrics().publishedTotal();

    service.stop();
    service.start();
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);

    assertThat(service.metrics().publishedTotal()).isEqualTo(before);
    assertThat(TopicReader.read(bootstrap, Topics.NODES, nodeName::equals)).hasSize(1);
  }
}
