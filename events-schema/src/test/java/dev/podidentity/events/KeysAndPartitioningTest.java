package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysAndPartitioningTest {
  private static final ComputeTarget VMSS = ComputeTarget.scaleSet("sub", "rg", "pool-a");

  @Test
  void everyPodAndAssignmentOfOneTargetLandsInTheTargetsPartition() {
    int expected = Partitioning.partitionOf(VMSS, Topics.TARGET_PARTITIONS);
    for (int i = 0; i < 200; i++) {
      String uid = UUID.randomUUID().toString();
      var pod =
          new PodRecord(
              1,
              uid,
              "ns",
              "p" + i,
              "node-0",
              VMSS,
              List.of(),
              PodPhase.RUNNING,
              false,
              false,
              Map.of(),
              null);
      var assignment = new AssignmentRecord(1, uid, "ns", "p" + i, "node-0", VMSS, List.of());

      assertThat(Partitioning.partitionOfKey(Keys.of(pod), Topics.TARGET_PARTITIONS))
          .isEqualTo(expected);
      assertThat(Partitioning.partitionOfKey(Keys.of(assignment), Topics.TARGET_PARTITIONS))
          .isEqualTo(expected);
      assertThat(Keys.of(pod)).isEqualTo(Keys.of(assignment));
    }
  }

  @Test
  void spellingsOfOneTargetShareKeysAndPartition() {
    ComputeTarget shouted = ComputeTarget.scaleSet("SUB", "RG", "Pool-A");

    assertThat(shouted).isEqualTo(VMSS);
    assertThat(Keys.ledger(shouted)).isEqualTo(Keys.ledger(VMSS));
  }

  @Test
  void targetsSpreadOverPartitions() {
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      used.add(Partitioning.partitionOf(ComputeTarget.scaleSet("sub", "rg", "pool-" + i), 6));
    }
    assertThat(used).hasSize(6);
  }

  @Test
  void partitionIsStableAcrossReleases() {
    // Node agents compute this from the target alone; changing the hash would silently send them
    // to the wrong partition during a rolling upgrade. These values are part of the contract.
    assertThat(Partitioning.partitionOfRouting("", 6)).isEqualTo(Math.floorMod(0x811c9dc5, 6));
    assertThat(Partitioning.partitionOfRouting(VMSS.routingKey(), 6))
        .isEqualTo(Partitioning.partitionOfRouting(VMSS.routingKey(), 6));
    assertThat(Partitioning.partitionOfRouting("a", 1000))
        .isEqualTo(Math.floorMod(0xe40c292c, 1000));
  }

  @Test
  void podsOfUnmanagedNodesAreRoutedByNodeName() {
    var pod =
        new PodRecord(
            1,
            "uid-1",
            "ns",
            "p",
            "kind-worker",
            null,
            List.of(),
            PodPhase.PENDING,
            false,
            false,
            null,
            null);

    assertThat(Keys.of(pod)).isEqualTo("node:kind-worker|uid-1");
    assertThat(Keys.routingOf(Keys.of(pod))).isEqualTo("node:kind-worker");
  }

  @Test
  void configKeysNameKindNamespaceAndName() {
    var binding = new BindingRecord(1, "default", "b", "id", "sel", true, null, "1");

    assertThat(binding.key()).isEqualTo("AzureIdentityBinding/default/b");
  }

  @Test
  void stateTopicsAreCompactedAndPodTopicsShareAPartitionCount() {
    // Dead letters and heartbeats are logs, not state: kept by time.
    for (TopicSpec t : Topics.ALL) {
      assertThat(t.compacted())
          .as(t.name())
          .isEqualTo(!t.name().equals(Topics.DEADLETTER) && !t.name().equals(Topics.HEARTBEATS));
    }
    assertThat(Topics.spec(Topics.PODS).partitions())
        .isEqualTo(Topics.spec(Topics.ASSIGNMENTS).partitions());
  }
}
