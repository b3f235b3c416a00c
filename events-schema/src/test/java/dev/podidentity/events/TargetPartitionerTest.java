package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.kafka.TargetPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class TargetPartitionerTest {

  @Test
  void stringAndByteKeysOfOneTargetGoToTheContractsPartition() {
    ComputeTarget target = ComputeTarget.scaleSet("sub", "rg", "pool");
    Node node = new Node(0, "localhost", 9092);
    List<PartitionInfo> partitions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      partitions.add(new PartitionInfo(Topics.PODS, i, node, new Node[0], new Node[0]));
    }
    Cluster cluster = new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
    String key = Keys.pod(target, "uid-1");
    TargetPartitioner partitioner = new TargetPartitioner();

    int fromString = partitioner.partition(Topics.PODS, key, null, null, null, cluster);
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    int fromBytes = partitioner.partition(Topics.PODS, bytes, bytes, null, null, cluster);

    assertThat(fromString).isEqualTo(Partitioning.partitionOf(target, 6));
    assertThat(fromBytes).isEqualTo(fromString);
  }
}
