package dev.podidentity.watcher.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.TopicRecords;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import dev.podidentity.testsupport.quarkus.TracingOn;
import dev.podidentity.watcher.ClusterObjects;
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
      return TracingOn.overrides();
    }
  }

  @Inject InMemorySpanExporter spans;

  /** A record's {@code traceparent} and the exported span it names. */
  record SentRecord(String traceparent, SpanData span) {}

  private Optional<SentRecord> traced(String traceparent) {
    String[] parts = traceparent.split("-");
    if (parts.length < 3) {
      return Optional.empty();
    }
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getSpanId().equals(parts[2]))
        .findFirst()
        .map(s -> new SentRecord(traceparent, s));
  }

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

    // A record of the pod whose traceparent names a span this application exported. Not simply
    // the pod's last record: once in a full run its span never reached this exporter (cause not
    // found; the broker and the Kubernetes test server are shared by all the JVM's tests).
    SentRecord traced =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    TopicRecords.all(Topics.PODS).stream()
                        .filter(r -> r.key() != null && r.key().endsWith("|" + uid))
                        .map(r -> CloudEventHeaders.get(r.headers(), "traceparent"))
                        .filter(t -> t != null)
                        .map(this::traced)
                        .flatMap(Optional::stream)
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(traced.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    SpanData producer = traced.span();
    String traceId = traced.traceparent().split("-")[1];
    assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(producer.getTraceId()).isEqualTo(traceId);
    assertThat(producer.getName()).contains(Topics.PODS);
    assertThat(producer.getParentSpanContext().isValid()).isFalse();
  }
}
