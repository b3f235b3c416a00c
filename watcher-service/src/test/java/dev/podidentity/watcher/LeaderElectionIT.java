package dev.podidentity.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.engine.Role;
import dev.podidentity.watcher.engine.Watcher;
import dev.podidentity.watcher.engine.WatcherMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one Lease: the application's watcher and a second one built by hand with its own
 * client and producer. Only the lease holder publishes; the other takes over when it goes.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class LeaderElectionIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String SECOND = "watcher-service/second";

  @Inject KubernetesClient client;
  @Inject WatcherService service;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private final ExecutorService scheduler = Executors.newFixedThreadPool(2);

  private final String ns = "lease-" + UUID.randomUUID().toString().substring(0, 8);
  private KubernetesClient secondClient;
  private WatcherMetrics secondMetrics;
  private Watcher second;

  @BeforeEach
  void startSecondInstance() {
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
    WatcherConfig options = second(service.options());
    secondClient = new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    secondMetrics = new WatcherMetrics(new SimpleMeterRegistry());
    // The second instance shares the application's channel (its records name their own source):
    // what differs between replicas is the lease holder, not the producer.
    second =
        new WatcherWiring()
            .watcher(
                secondClient,
                service.events().as(WatcherConfig.source(options)),
                service.kafka(),
                options,
                secondMetrics,
                scheduler);
    second.start();
  }

  /** The application's settings for a second replica: another pod name, the same lease. */
  static WatcherConfig second(WatcherConfig app) {
    return new WatcherConfig() {
      @Override
      public String instance() {
        return "second";
      }

      @Override
      public Lease lease() {
        return app.lease();
      }

      @Override
      public Kafka kafka() {
        return app.kafka();
      }

      @Override
      public Duration syncTimeout() {
        return app.syncTimeout();
      }

      @Override
      public Duration resyncInterval() {
        return app.resyncInterval();
      }

      @Override
      public Duration retryDelay() {
        return app.retryDelay();
      }

      @Override
      public Duration heartbeatInterval() {
        return app.heartbeatInterval();
      }
    };
  }

  @AfterEach
  void stopSecondInstance() {
    second.close();
    secondClient.close();
    scheduler.shutdownNow();
    service.start();
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
  }

  private long recordsFrom(String source, String topic, String key) {
    return TopicReader.read(bootstrap, topic, key::equals).stream()
        .filter(r -> source.equals(r.source()))
        .count();
  }

  @Test
  void onlyTheLeaseHolderPublishesAndTheOtherTakesOverWhenItStops() {
    assertThat(second.role()).isEqualTo(Role.FOLLOWER);
    String first = "node-a-" + ns;
    client.nodes().resource(ClusterObjects.node(first, "kind://a")).create();
    await().atMost(WAIT).until(() -> recordsFrom("watcher-service/app", Topics.NODES, first) == 1);
    assertThat(recordsFrom(SECOND, Topics.NODES, first)).isZero();
    assertThat(secondMetrics.publishedTotal()).isZero();

    service.stop();
    await().atMost(WAIT).until(() -> second.role() == Role.LEADER);
    String later = "node-b-" + ns;
    client.nodes().resource(ClusterObjects.node(later, "kind://b")).create();

    await().atMost(WAIT).until(() -> recordsFrom(SECOND, Topics.NODES, later) == 1);
    assertThat(recordsFrom("watcher-service/app", Topics.NODES, later)).isZero();
    // The new leader read the topic first, so what was already there is not sent again.
    assertThat(recordsFrom(SECOND, Topics.NODES, first)).isZero();
  }

  @Test
  void readinessReportsTheRoleOfEachReplica() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.data.role", hasItem("leader"));
    assertThat(second.role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  void aFollowerPublishesNothingForPodChanges() {
    String nodeName = "node-p-" + ns;
    client.nodes().resource(ClusterObjects.node(nodeName, "kind://p")).create();
    String uid =
        client
            .pods()
            .resource(ClusterObjects.pod(ns, "p", nodeName))
            .create()
            .getMetadata()
            .getUid();
    String key = Keys.podOnUnmanagedNode(nodeName, uid);

    await().atMost(WAIT).until(() -> recordsFrom("watcher-service/app", Topics.PODS, key) == 1);

    assertThat(recordsFrom(SECOND, Topics.PODS, key)).isZero();
    assertThat(second.role()).isEqualTo(Role.FOLLOWER);
  }
}
