package dev.podidentity.assigner.it;

import static dev.podidentity.assigner.it.AssignerIT.binding;
import static dev.podidentity.assigner.it.AssignerIT.identityRecord;
import static dev.podidentity.assigner.it.AssignerIT.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.TopicRecords;
import dev.podidentity.testsupport.quarkus.TracingOn;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a pod's trace goes on in the assigner: the record's context (as the watcher
 * sends it, in {@code traceparent}) is the parent of the connector's consumer span, which is the
 * parent of the PATCH made for the pod, which is the parent of the pod's assignment record, which
 * carries the same trace on to the NMI (with the ledger writes and the ARM call in the PATCH's
 * span).
 */
@QuarkusTest
@TestProfile(TracingIT.Traced.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class TracingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  public static final class Traced implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return TracingOn.overrides();
    }
  }

  @Inject InMemorySpanExporter spans;
  @Inject AssignerService service;

  @Test
  void thePodsTraceGoesThroughItsPatchToItsAssignmentRecord() {
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String watcherSpan = HexFormat.of().formatHex(randomBytes(8));
    var sim = SimulatorTestResource.sim();
    String name = "traced-" + UUID.randomUUID().toString().substring(0, 8);
    sim.admin().addScaleSet(AssignerIT.SUB, AssignerIT.RG, name, 1);
    ComputeTarget vmss = ComputeTarget.scaleSet(AssignerIT.SUB, AssignerIT.RG, name);
    Map<String, Object> created = sim.admin().createIdentity(AssignerIT.SUB, AssignerIT.RG, name);
    IdentityRecord id =
        identityRecord(name, (String) created.get("id"), (String) created.get("clientId"));
    PodRecord p = pod("p-" + name, vmss, 0, name);

    await().atMost(WAIT).until(service::ready);
    try (EventsDriver driver = new EventsDriver()) {
      driver.config(id);
      driver.config(binding(id.name(), name));
      driver.pod(p, "00-" + traceId + "-" + watcherSpan + "-01");
      await()
          .atMost(WAIT)
          .until(
              () -> {
                var a = driver.assignment(p);
                return a != null
                    && a.identities().stream()
                        .map(AssignedIdentity::state)
                        .toList()
                        .equals(List.of(AssignmentState.ASSIGNED));
              });
    }

    SpanData consumer =
        span(s -> s.getKind() == SpanKind.CONSUMER && s.getName().contains(Topics.PODS), traceId);
    assertThat(consumer.getParentSpanId()).isEqualTo(watcherSpan);
    SpanData patch = span(s -> s.getName().equals("PATCH " + name), traceId);
    assertThat(patch.getParentSpanId()).isEqualTo(consumer.getSpanId());
    // The pod's record as CREATED goes out before the PATCH, in the pod's trace; as ASSIGNED in
    // the PATCH's span. So does the ledger: its intent and its result.
    Predicate<SpanData> assignments =
        s -> s.getKind() == SpanKind.PRODUCER && s.getName().contains(Topics.ASSIGNMENTS);
    span(assignments.and(s -> s.getParentSpanId().equals(consumer.getSpanId())), traceId);
    span(assignments.and(s -> s.getParentSpanId().equals(patch.getSpanId())), traceId);
    span(
        s -> s.getName().contains(Topics.LEDGER) && s.getParentSpanId().equals(patch.getSpanId()),
        traceId);

    String carried =
        TopicRecords.last(Topics.ASSIGNMENTS, Keys.of(p)::equals)
            .map(r -> CloudEventHeaders.get(r.headers(), "traceparent"))
            .orElseThrow();
    assertThat(carried).startsWith("00-" + traceId + "-");
  }

  private SpanData span(Predicate<SpanData> which, String traceId) {
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

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
