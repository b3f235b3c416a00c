package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.ProviderIdParse;
import dev.podidentity.events.ProviderIds;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentity;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzureIdentityBinding;
import dev.podidentity.watcher.adapter.kubernetes.crd.AzurePodIdentityException;
import dev.podidentity.watcher.adapter.kubernetes.crd.Crds;
import dev.podidentity.watcher.core.RecordKind;
import dev.podidentity.watcher.core.Warning;
import dev.podidentity.watcher.engine.Role;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create, update and delete of every kind arrive as the right records and tombstones. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class WatcherPublishingIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;
  @Inject WatcherService service;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private final String ns = "ns-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void watcherLeads() {
    await().atMost(WAIT).until(() -> service.role() == Role.LEADER);
  }

  private TopicReader.Rec awaitLast(String topic, String key) {
    return await()
        .atMost(WAIT)
        .until(() -> TopicReader.last(bootstrap, topic, key).orElse(null), r -> r != null);
  }

  private void awaitTombstone(String topic, String key) {
    await()
        .atMost(WAIT)
        .until(
            () -> TopicReader.last(bootstrap, topic, key).map(TopicReader.Rec::tombstone),
            t -> t.orElse(false));
  }

  @Test
  void theLeaderWritesItsHeartbeatEveryInterval() {
    long since = System.currentTimeMillis();

    List<HeartbeatRecord> beats =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    TopicReader.read(bootstrap, Topics.HEARTBEATS, HeartbeatRecord.KEY::equals)
                        .stream()
                        .map(r -> EventJson.parse(r.value(), HeartbeatRecord.class))
                        .filter(b -> b.asOfMillis() >= since)
                        .toList(),
                b -> b.size() >= 2);

    assertThat(beats).extracting(HeartbeatRecord::instance).containsOnly("app");
    assertThat(beats).extracting(HeartbeatRecord::asOfMillis).isSorted();
    assertThat(
            TopicReader.last(bootstrap, Topics.HEARTBEATS, HeartbeatRecord.KEY)
                .orElseThrow()
                .type())
        .isEqualTo("dev.podidentity.heartbeat.v1");
  }

  @Test
  void nodesArriveWithTheirTargetAndLeaveAsTombstones() {
    String name = "node-" + ns;
    client
        .nodes()
        .resource(ClusterObjects.node(name, ClusterObjects.providerId("pool", 3)))
        .create();

    NodeRecord node = EventJson.parse(awaitLast(Topics.NODES, name).value(), NodeRecord.class);
    assertThat(node.managed()).isTrue();
    assertThat(node.target().name()).isEqualTo("pool");

    client.nodes().withName(name).delete();
    awaitTombstone(Topics.NODES, name);
  }

  @Test
  void nodeWithAnUnparseableProviderIdIsPublishedAsUnmanaged() {
    String name = "kind-" + ns;
    client.nodes().resource(ClusterObjects.node(name, "kind://docker/kind/" + name)).create();

    NodeRecord node = EventJson.parse(awaitLast(Topics.NODES, name).value(), NodeRecord.class);

    assertThat(node.managed()).isFalse();
    assertThat(node.unmanagedReason()).contains("not an Azure id");
  }

  @Test
  void podIsPublishedWhenScheduledOnItsTargetKeyAndUpdatedWithItsIpThenTombstoned() {
    String nodeName = "node-" + ns;
    String providerId = ClusterObjects.providerId("pods-vmss", 0);
    client.nodes().resource(ClusterObjects.node(nodeName, providerId)).create();
    awaitLast(Topics.NODES, nodeName);
    Pod created = client.pods().resource(ClusterObjects.pod(ns, "web", nodeName)).create();
    String key =
        Keys.pod(
            ((ProviderIdParse.Parsed) ProviderIds.parse(providerId)).target(),
            created.getMetadata().getUid());

    TopicReader.Rec first = awaitLast(Topics.PODS, key);
    PodRecord scheduled = EventJson.parse(first.value(), PodRecord.class);
    assertThat(scheduled.podIps()).isEmpty();
    // Node agents skip the records of other nodes by this header, without parsing them.
    assertThat(first.node()).isEqualTo(nodeName);

    client
        .pods()
        .inNamespace(ns)
        .withName("web")
        .edit(
            p -> {
              p.setStatus(new PodStatus());
              p.getStatus().setPhase("Running");
              p.getStatus().setPodIP("10.244.1.7");
              p.getStatus().setPodIPs(List.of(new PodIP("10.244.1.7")));
              return p;
            });
    await()
        .atMost(WAIT)
        .until(
            () -> EventJson.parse(awaitLast(Topics.PODS, key).value(), PodRecord.class),
            p -> p.phase() == PodPhase.RUNNING && p.podIps().equals(List.of("10.244.1.7")));

    client.pods().inNamespace(ns).withName("web").delete();
    awaitTombstone(Topics.PODS, key);
    assertThat(TopicReader.last(bootstrap, Topics.PODS, key).orElseThrow().node()).isNull();
  }

  @Test
  void thousandStatusOnlyPodUpdatesPublishNoRecord() {
    String nodeName = "node-" + ns;
    client.nodes().resource(ClusterObjects.node(nodeName, "kind://churn")).create();
    Pod pod = client.pods().resource(ClusterObjects.pod(ns, "churn", nodeName)).create();
    String key = Keys.podOnUnmanagedNode(nodeName, pod.getMetadata().getUid());
    awaitLast(Topics.PODS, key);
    int before = TopicReader.read(bootstrap, Topics.PODS, key::equals).size();
    double suppressedBefore = service.metrics().suppressedTotal(RecordKind.POD);

    for (int i = 0; i < 1000; i++) {
      String probe = "2026-01-01T00:00:" + String.format("%02d", i % 60) + "Z#" + i;
      client
          .pods()
          .inNamespace(ns)
          .withName("churn")
          .edit(
              p -> {
                PodStatus s = p.getStatus() == null ? new PodStatus() : p.getStatus();
                s.setConditions(
                    List.of(new PodCondition(null, null, probe, null, null, "True", "Ready")));
                p.setStatus(s);
                return p;
              });
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> service.metrics().suppressedTotal(RecordKind.POD) - suppressedBefore >= 1000);
    assertThat(TopicReader.read(bootstrap, Topics.PODS, key::equals)).hasSize(before);
  }

  @Test
  void identityBindingAndExceptionArriveChangeAndLeave() {
    client.resource(ClusterObjects.identity(ns, "id", ClusterObjects.UAMI + "demo")).create();
    client.resource(ClusterObjects.binding(ns, "bind", "id", "demo")).create();
    client.resource(ClusterObjects.exception(ns, "exc", Map.of("app", "probe"))).create();
    String idKey = Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "id");
    String bindKey = Keys.config(ConfigRecord.AZURE_IDENTITY_BINDING, ns, "bind");
    String excKey = Keys.config(ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION, ns, "exc");

    IdentityRecord id =
        (IdentityRecord)
            EventJson.parse(awaitLast(Topics.CONFIG, idKey).value(), ConfigRecord.class);
    BindingRecord bind =
        (BindingRecord)
            EventJson.parse(awaitLast(Topics.CONFIG, bindKey).value(), ConfigRecord.class);
    ExceptionRecord exc =
        (ExceptionRecord)
            EventJson.parse(awaitLast(Topics.CONFIG, excKey).value(), ConfigRecord.class);
    assertThat(id.valid()).isTrue();
    assertThat(id.resourceId()).isEqualTo((ClusterObjects.UAMI + "demo"));
    assertThat(bind.selector()).isEqualTo("demo");
    assertThat(exc.podLabels()).containsEntry("app", "probe");

    client
        .resources(AzureIdentityBinding.class)
        .inNamespace(ns)
        .withName("bind")
        .edit(
            b -> {
              b.getSpec().selector = "other";
              return b;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                (BindingRecord)
                    EventJson.parse(awaitLast(Topics.CONFIG, bindKey).value(), ConfigRecord.class),
            b -> b.selector().equals("other"));

    client.resources(AzureIdentity.class).inNamespace(ns).withName("id").delete();
    client.resources(AzureIdentityBinding.class).inNamespace(ns).withName("bind").delete();
    client.resources(AzurePodIdentityException.class).inNamespace(ns).withName("exc").delete();
    awaitTombstone(Topics.CONFIG, idKey);
    awaitTombstone(Topics.CONFIG, bindKey);
    awaitTombstone(Topics.CONFIG, excKey);
  }

  @Test
  void invalidIdentityAndBindingArePublishedInvalidWithAWarningEvent() {
    client
        .resource(
            ClusterObjects.identity(
                ns, "vm-id", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/x"))
        .create();
    client.resource(ClusterObjects.binding(ns, "no-selector", "vm-id", null)).create();

    IdentityRecord id =
        (IdentityRecord)
            EventJson.parse(
                awaitLast(Topics.CONFIG, Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "vm-id"))
                    .value(),
                ConfigRecord.class);
    BindingRecord bind =
        (BindingRecord)
            EventJson.parse(
                awaitLast(
                        Topics.CONFIG,
                        Keys.config(ConfigRecord.AZURE_IDENTITY_BINDING, ns, "no-selector"))
                    .value(),
                ConfigRecord.class);
    assertThat(id.valid()).isFalse();
    assertThat(id.invalidReason()).contains("not a user-assigned identity id");
    assertThat(bind.valid()).isFalse();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .extracting(e -> e.getReason() + "/" + e.getInvolvedObject().getName())
                    .contains(
                        Warning.INVALID_IDENTITY + "/vm-id",
                        Warning.INVALID_BINDING + "/no-selector"));
  }

  @Test
  void malformedIdentityIsPublishedInvalidAndTheWatcherGoesOn() {
    GenericKubernetesResource malformed =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(Crds.API_VERSION)
            .withKind("AzureIdentity")
            .withNewMetadata()
            .withNamespace(ns)
            .withName("garbled")
            .endMetadata()
            .addToAdditionalProperties(
                "spec", Map.of("type", "two", "resourceID", Map.of("not", "a string")))
            .build();
    client.genericKubernetesResources(Crds.IDENTITIES).inNamespace(ns).resource(malformed).create();
    client.resource(ClusterObjects.identity(ns, "after", ClusterObjects.UAMI + "after")).create();

    IdentityRecord garbled =
        (IdentityRecord)
            EventJson.parse(
                awaitLast(Topics.CONFIG, Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "garbled"))
                    .value(),
                ConfigRecord.class);
    assertThat(garbled.valid()).isFalse();
    assertThat(garbled.invalidReason()).startsWith("the spec cannot be read");
    assertThat(awaitLast(Topics.CONFIG, Keys.config(ConfigRecord.AZURE_IDENTITY, ns, "after")))
        .matches(r -> !r.tombstone());
  }

  @Test
  void everyRecordCarriesCloudEventsMetadata() {
    String name = "ce-" + ns;
    client.nodes().resource(ClusterObjects.node(name, ClusterObjects.providerId("ce", 1))).create();

    TopicReader.Rec rec = awaitLast(Topics.NODES, name);
    client.nodes().withName(name).delete();
    awaitTombstone(Topics.NODES, name);
    TopicReader.Rec tomb = TopicReader.last(bootstrap, Topics.NODES, name).orElseThrow();

    assertThat(rec.source()).isEqualTo("watcher-service/app");
    assertThat(rec.type()).isEqualTo("dev.podidentity.node.v1");
    assertThat(tomb.source()).isEqualTo("watcher-service/app");
    assertThat(tomb.type()).isEqualTo("dev.podidentity.deleted.v1");
  }

  @Test
  void aCloudEventsReaderReadsEveryRecordTombstonesIncluded() {
    String name = "sdk-" + ns;
    publishedNode(name, "sdk");
    client.nodes().withName(name).delete();
    awaitTombstone(Topics.NODES, name);

    List<CloudEvent> events =
        nodeRecords(name).stream().map(r -> KafkaMessageFactory.createReader(r).toEvent()).toList();

    assertThat(events).hasSize(2);
    CloudEvent node = events.get(0);
    assertThat(node.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(node.getType()).isEqualTo("dev.podidentity.node.v1");
    assertThat(node.getSource()).hasToString("watcher-service/app");
    assertThat(node.getSubject()).isEqualTo(name);
    assertThat(node.getDataContentType()).isEqualTo("application/json");
    assertThat(node.getTime()).isNotNull();
    assertThat(EventJson.parse(node.getData().toBytes(), NodeRecord.class).name()).isEqualTo(name);
    CloudEvent gone = events.get(1);
    assertThat(gone.getType()).isEqualTo("dev.podidentity.deleted.v1");
    assertThat(gone.getSubject()).isEqualTo(name);
    assertThat(gone.getData()).isNull();
    assertThat(gone.getId()).isNotEqualTo(node.getId());
  }

  /** Tracing is off by default: no record carries a trace context (nor cost one to make). */
  @Test
  void withTracingOffNoRecordCarriesATraceContext() {
    String name = "untraced-" + ns;
    publishedNode(name, "untraced");

    var records = nodeRecords(name);
    assertThat(records).isNotEmpty();
    assertThat(records).allMatch(r -> r.headers().lastHeader("traceparent") == null);
  }

  /** Creates the node {@code name} and waits for its record. */
  private void publishedNode(String name, String providerPrefix) {
    client
        .nodes()
        .resource(ClusterObjects.node(name, ClusterObjects.providerId(providerPrefix, 1)))
        .create();
    awaitLast(Topics.NODES, name);
  }

  /** The node topic's records of {@code name}, as they are on the broker. */
  private List<ConsumerRecord<String, byte[]>> nodeRecords(String name) {
    return new CompactedTopicReader(Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(30))
        .read(Topics.NODES).stream().filter(r -> name.equals(r.key())).toList();
  }
}
