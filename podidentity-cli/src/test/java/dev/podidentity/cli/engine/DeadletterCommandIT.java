package dev.podidentity.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.CloudEventHeaders;
import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.events.kafka.DeadLetters;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A pod record a service gave up on, through list, show and reprocess run in the application,
 * against the shared broker: reprocess writes it back to the pods topic, headers and all, without
 * the dead-letter ones.
 */
@QuarkusTest
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AzureSimulatorResource.class, scope = TestResourceScope.GLOBAL)
class DeadletterCommandIT {
  @Inject Commands commands;

  private final CompactedTopicReader reader =
      new CompactedTopicReader(
          Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), Duration.ofSeconds(30));

  private List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key) {
    return reader.read(topic).stream().filter(r -> key.equals(r.key())).toList();
  }

  @Test
  void aDeadLetterIsListedShownAndSentBackToItsTopic() {
    String run = UUID.randomUUID().toString();
    ComputeTarget target =
        ComputeTarget.scaleSet("00000000-0000-0000-0000-000000000000", "rg", "dl-" + run);
    PodRecord pod =
        new PodRecord(
            1,
            run,
            "apps",
            "web-" + run,
            "node-" + run,
            target,
            List.of("10.0.0.9"),
            PodPhase.RUNNING,
            false,
            false,
            Map.of(),
            "7");
    String key = Keys.of(pod);
    String service = "it-" + run;
    try (EventPublisher publisher = new EventPublisher()) {
      publisher.send(Topics.PODS, key, pod, Map.of("ce_type", "dev.podidentity.pod.v1"));
      ConsumerRecord<String, byte[]> original = recordsOf(Topics.PODS, key).get(0);
      publisher.send(
          Topics.DEADLETTER,
          key,
          pod,
          Map.of(
              "ce_type",
              "dev.podidentity.pod.v1",
              DeadLetters.TOPIC,
              Topics.PODS,
              DeadLetters.PARTITION,
              Integer.toString(original.partition()),
              DeadLetters.OFFSET,
              Long.toString(original.offset()),
              DeadLetters.REASON,
              "unknown field 'sidecars' (schema too new)",
              DeadLetters.EXCEPTION,
              "dev.podidentity.events.EventParseException",
              DeadLetters.SERVICE,
              service));
    }
    String id = Long.toString(recordsOf(Topics.DEADLETTER, key).get(0).offset());

    Commands.Run list = commands.run("deadletter", "list", "--service", service);
    assertThat(list.exitCode()).as(list.errorOutput()).isZero();
    assertThat(list.output())
        .contains("ID")
        .containsPattern(
            id + " +\\S+ +" + service + " +" + Topics.PODS + " +" + key.replace("|", "\\|"))
        .contains("unknown field 'sidecars'");

    Commands.Run show = commands.run("deadletter", "show", id);
    assertThat(show.exitCode()).as(show.errorOutput()).isZero();
    assertThat(show.output())
        .contains("Reason:     unknown field 'sidecars' (schema too new)")
        .contains("Original:   " + Topics.PODS + "-")
        .contains("ce_type: dev.podidentity.pod.v1")
        .contains("\"nodeName\" : \"node-" + run + "\"");

    Commands.Run reprocess = commands.run("deadletter", "reprocess", id);
    assertThat(reprocess.exitCode()).as(reprocess.errorOutput()).isZero();
    assertThat(reprocess.output()).contains(id + " reprocessed: " + Topics.PODS);
    List<ConsumerRecord<String, byte[]>> pods = recordsOf(Topics.PODS, key);
    assertThat(pods).hasSize(2);
    ConsumerRecord<String, byte[]> retried = pods.get(1);
    assertThat(retried.value()).isEqualTo(pods.get(0).value());
    assertThat(CloudEventHeaders.get(retried.headers(), "ce_type"))
        .isEqualTo("dev.podidentity.pod.v1");
    assertThat(CloudEventHeaders.get(retried.headers(), "podidentity-node"))
        .isEqualTo("node-" + run);
    assertThat(retried.headers())
        .extracting(Header::key)
        .noneMatch(h -> h.startsWith("dead-letter-") || h.equals(DeadLetters.SERVICE));
  }
}
