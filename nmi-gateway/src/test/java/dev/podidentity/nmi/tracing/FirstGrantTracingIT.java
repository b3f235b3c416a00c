package dev.podidentity.nmi.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TargetPartitioner;
import dev.podidentity.nmi.NmiService;
import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.kafka.SharedKafka;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a pod's trace ends at the NMI: the assignment record's context (as the assigner
 * sends it, in {@code traceparent}) is the parent of the connector's consumer span, which is the
 * parent of the pod's first grant; later grants are not traced.
 */
@QuarkusTest
@TestProfile(FirstGrantTracingIT.Traced.class)
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class FirstGrantTracingIT {
  public static final class Traced implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(TracedNode.class));
    }
  }

  @Inject InMemorySpanExporter spans;
  @Inject NmiService service;
  @Inject Vertx vertx;

  @Test
  void aPodsFirstGrantEndsItsTrace() throws Exception {
    String traceId = hex(16);
    String assignerSpan = hex(8);
    String node = service.node().settings().nodeName();
    ComputeTarget target =
        ComputeTarget.scaleSet(TracedNode.subscription, "rg", TracedNode.scaleSet);
    String ip = "127.0.0.94";
    String uid = UUID.randomUUID().toString();
    IdentityRecord id =
        new IdentityRecord(
            1,
            "traced",
            "traced-id",
            IdentityType.USER_ASSIGNED_MSI,
            (String) TracedNode.identity.get("id"),
            (String) TracedNode.identity.get("clientId"),
            TracedNode.sim.tenantId(),
            null,
            null,
            null,
            null,
            false,
            true,
            null,
            "1");
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            "traced",
            "pod-traced",
            node,
            target,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            false,
            Map.of("aadpodidbinding", "sel-traced"),
            "1");
    AssignmentRecord assigned =
        new AssignmentRecord(
            1,
            uid,
            "traced",
            "pod-traced",
            node,
            target,
            List.of(
                new AssignedIdentity(
                    "traced",
                    "traced-id",
                    "bind-traced",
                    IdentityType.USER_ASSIGNED_MSI,
                    id.resourceId(),
                    id.clientId(),
                    (String) TracedNode.identity.get("principalId"),
                    AssignmentState.ASSIGNED,
                    null)));
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      send(
          producer,
          Topics.NODES,
          node,
          new NodeRecord(1, node, "azure:///vm", target, null, "1"),
          null);
      send(producer, Topics.CONFIG, id.key(), id, null);
      BindingRecord b =
          new BindingRecord(1, "traced", "bind-traced", "traced-id", "sel-traced", true, null, "1");
      send(producer, Topics.CONFIG, b.key(), b, null);
      send(producer, Topics.PODS, Keys.of(pod), pod, null);
      send(
          producer,
          Topics.ASSIGNMENTS,
          Keys.of(assigned),
          assigned,
          "00-" + traceId + "-" + assignerSpan + "-01");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                service.node().viewReady()
                    && service.node().view().current().assignmentsByPodUid().containsKey(uid));

    assertThat(token(ip)).isEqualTo(200);
    assertThat(token(ip)).isEqualTo(200);

    SpanData grant = span(s -> s.getName().equals("first grant"), traceId);
    // The record may be read twice: the view re-reads its partition when this node's target
    // changes, and in a full run, where other test classes publish records for the same node name,
    // it once did. So the grant's parent is whichever of the record's consumer spans it came from,
    // and that span is a child of the assigner's.
    SpanData consumer =
        span(
            s ->
                s.getKind() == SpanKind.CONSUMER
                    && s.getName().contains(Topics.ASSIGNMENTS)
                    && s.getSpanId().equals(grant.getParentSpanId()),
            traceId);
    assertThat(consumer.getParentSpanId()).isEqualTo(assignerSpan);
    assertThat(grant.getAttributes().asMap().toString()).contains(uid).contains("traced/traced-id");
    assertThat(
            spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("first grant"))
                .count())
        .as("only the first grant of the pod is a span")
        .isEqualTo(1);
  }

  private int token(String sourceIp) throws Exception {
    var client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(sourceIp));
    try {
      return client
          .request(
              HttpMethod.GET,
              service.node().port(),
              "127.0.0.1",
              "/metadata/identity/oauth2/token?resource=https%3A%2F%2Fvault.azure.net")
          .compose(r -> r.putHeader("Metadata", "true").send())
          .map(r -> r.statusCode())
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }

  private static void send(
      KafkaProducer<String, byte[]> producer,
      String topic,
      String key,
      Event value,
      String traceparent)
      throws Exception {
    var record = new ProducerRecord<>(topic, key, EventJson.toBytes(value));
    if (traceparent != null) {
      record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    producer.send(record).get();
  }

  private SpanData span(java.util.function.Predicate<SpanData> which, String traceId) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId))
                    .filter(which)
                    .findFirst()
                    .orElse(null),
            s -> s != null);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
