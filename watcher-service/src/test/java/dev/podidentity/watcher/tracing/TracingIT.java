package dev.podidentity.watcher.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.TopicRecords;
import dev.podidentity.watcher.ClusterObjects;
import dev.podidentity.watcher.KubernetesTestServerResource;
import dev.podidentity.watcher.WatcherService;
import dev.podidentity.watcher.engine.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, each record the watcher publishes starts a trace: a producer span, and the
 * record carries its context in the {@code traceparent} header, where the assigner picks it up.
 */
@QuarkusTest
@TestProfile(TracingIT.Traced.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class TracingIT {
  public static final class Traced implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "10ms");
    }
  }

  @Inject InMemorySpanExporter spans;
  @Inject WatcherService service;
  @Inject KubernetesClient client;

  @Test
  void aPodRecordStartsATraceAndCarriesItsContext() {
    await().atMost(Duration.ofSeconds(40)).until(() -> service.role() == Role.LEADER);
    String ns = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    String node = "node-" + ns;
    client.nodes().resource(ClusterObjects.node(node, ClusterObjects.providerId(ns, 0))).create();
    String uid =
        client.pods().resource(ClusterObjects.pod(ns, "p", node)).create().getMetadata().getUid();

    ConsumerRecord<String, byte[]> record =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> TopicRecords.last(Topics.PODS, key -> key.endsWith("|" + uid)),
                Optional::isPresent)
            .orElseThrow();
    String traceparent = CloudEventHeaders.get(record.headers(), "traceparent");
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    String traceId = traceparent.split("-")[1];
    String spanId = traceparent.split("-")[2];

    SpanData producer =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getSpanId().equals(spanId))
                        .findFirst()
                        .orElse(null),
                s -> s != null);
    assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(producer.getTraceId()).isEqualTo(traceId);
    assertThat(producer.getName()).contains(Topics.PODS);
    assertThat(producer.getParentSpanContext().isValid()).isFalse();
  }
}
