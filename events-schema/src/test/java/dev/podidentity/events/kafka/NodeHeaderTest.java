package dev.podidentity.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class NodeHeaderTest {
  private static final ComputeTarget VMSS = ComputeTarget.scaleSet("sub", "rg", "pool-a");
  private static final PodRecord POD =
      new PodRecord(
          1,
          "uid-1",
          "ns",
          "p",
          "aks-pool-a-0",
          VMSS,
          List.of("10.0.0.1"),
          PodPhase.RUNNING,
          false,
          false,
          Map.of(),
          "1");

  @Test
  void theHeaderNameIsPartOfTheContract() {
    // Node agents of other versions look for this name; renaming it makes them parse everything.
    assertThat(NodeHeader.NAME).isEqualTo("podidentity-node");
  }

  @Test
  void podAndAssignmentRecordsNameTheirNodeInUtf8() {
    var assignment = new AssignmentRecord(1, "uid-1", "ns", "p", "aks-pool-a-0", VMSS, List.of());

    Headers pod = serialized(Topics.PODS, POD);
    Headers assigned = serialized(Topics.ASSIGNMENTS, assignment);

    assertThat(pod.lastHeader("podidentity-node").value())
        .isEqualTo("aks-pool-a-0".getBytes(StandardCharsets.UTF_8));
    assertThat(NodeHeader.read(assigned)).isEqualTo("aks-pool-a-0");
  }

  @Test
  void tombstonesAndRecordsOfNoPodCarryNone() {
    var node = new NodeRecord(1, "aks-pool-a-0", "azure:///x", VMSS, null, "1");
    var binding = new BindingRecord(1, "default", "b", "id", "sel", true, null, "1");

    assertThat(NodeHeader.read(serialized(Topics.PODS, null))).isNull();
    assertThat(NodeHeader.read(serialized(Topics.NODES, node))).isNull();
    assertThat(NodeHeader.read(serialized(Topics.CONFIG, binding))).isNull();
  }

  @Test
  void aRecordSerialisedAgainKeepsOneHeader() {
    Headers headers = new RecordHeaders();
    EventSerializer serializer = new EventSerializer();

    serializer.serialize(Topics.PODS, headers, POD);
    serializer.serialize(Topics.PODS, headers, POD);

    assertThat(headers.headers(NodeHeader.NAME)).hasSize(1);
  }

  private static Headers serialized(String topic, Event event) {
    Headers headers = new RecordHeaders();
    new EventSerializer().serialize(topic, headers, event);
    return headers;
  }
}
