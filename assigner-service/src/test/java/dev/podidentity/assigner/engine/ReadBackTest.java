package dev.podidentity.assigner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.Fixtures;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.InputRecord;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a replay the assigner is the only writer of its assignments partitions and stops reading
 * them. The connector resumes every partition it has whenever it resumes after back-pressure, so a
 * record of ours that still arrives stops the reading again.
 */
class ReadBackTest {
  private static final TopicPartition PODS = new TopicPartition(Topics.PODS, 0);
  private static final TopicPartition ASSIGNMENTS = new TopicPartition(Topics.ASSIGNMENTS, 0);

  private final VirtualTime time = new VirtualTime();
  private final List<Set<TopicPartition>> stopped = new ArrayList<>();
  private final Pipeline pipeline =
      new Pipeline(
          new RecordingOutput(),
          new FakeCloud(),
          ClusterPort.NONE,
          false,
          ConfigMappings.of(AssignerConfig.class),
          new AssignerMetrics(new SimpleMeterRegistry()),
          Duration.ofSeconds(5),
          time,
          time,
          stopped::add,
          Tracing.NONE);
  private final InputFeed inputs = pipeline.inputs();

  @AfterEach
  void close() {
    pipeline.close();
  }

  @Test
  void readingBackStopsOnceTheReplayReachesTheEnd() {
    replayOnePodAndItsAssignment();

    assertThat(stopped).containsExactly(Set.of(ASSIGNMENTS));
  }

  @Test
  void aRecordOfOursReadAfterTheReplayStopsTheReadingAgain() {
    replayOnePodAndItsAssignment();
    stopped.clear();

    inputs.owned(List.of(record(ASSIGNMENTS, 1, "bench/pod-1", assignmentOf(pod("pod-1")))));

    assertThat(stopped).containsExactly(Set.of(ASSIGNMENTS));
  }

  @Test
  void aBatchOfPodsAloneAsksNothingMore() {
    replayOnePodAndItsAssignment();
    stopped.clear();

    PodRecord next = pod("pod-1");
    inputs.owned(List.of(record(PODS, 1, Keys.of(next), EventJson.toBytes(next))));

    assertThat(stopped).isEmpty();
  }

  private void replayOnePodAndItsAssignment() {
    inputs.assigned(1, List.of(0), Map.of(PODS, 1L, ASSIGNMENTS, 1L));
    PodRecord first = pod("pod-0");
    inputs.owned(
        List.of(
            record(PODS, 0, Keys.of(first), EventJson.toBytes(first)),
            record(ASSIGNMENTS, 0, Keys.of(first), assignmentOf(first))));
    // The replayed target's run is only queued on the virtual executor and never run: the
    // pipeline's reconciler reads the system's clock, which virtual time does not move.
    assertThat(inputs.ready()).isTrue();
  }

  private static PodRecord pod(String name) {
    return Fixtures.pod("bench", name, Fixtures.VMSS_A, "sel");
  }

  private static byte[] assignmentOf(PodRecord pod) {
    return EventJson.toBytes(
        new AssignmentRecord(
            1, pod.uid(), pod.namespace(), pod.name(), pod.nodeName(), pod.target(), List.of()));
  }

  private static InputRecord record(TopicPartition tp, long offset, String key, byte[] value) {
    return new InputRecord(tp.topic(), tp.partition(), offset, key, value, e -> {});
  }
}
