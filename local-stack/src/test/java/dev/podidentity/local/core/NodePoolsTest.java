package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodePoolsTest {

  @ParameterizedTest(name = "node {0} of {1} pools: pool {2}, instance {3}")
  @CsvSource({
    "0, 1, 0, 0",
    "1, 1, 0, 1",
    "4, 1, 0, 4",
    "0, 3, 0, 0",
    "1, 3, 1, 0",
    "2, 3, 2, 0",
    "3, 3, 0, 1",
    "7, 3, 1, 2",
    "5, 2, 1, 2"
  })
  void nodesJoinThePoolsInTurn(int node, int pools, int pool, int instance) {
    assertThat(NodePools.poolOf(node, pools)).isEqualTo(pool);
    assertThat(NodePools.instanceOf(node, pools)).isEqualTo(instance);
  }

  @ParameterizedTest(name = "{1} nodes over {2} pools: pool {0} gets {3}")
  @CsvSource({
    "0, 2, 1, 2",
    "0, 3, 3, 1",
    "2, 3, 3, 1",
    "0, 8, 3, 3",
    "1, 8, 3, 3",
    "2, 8, 3, 2",
    "1, 5, 2, 2"
  })
  void everyPoolGetsItsShareAndTheFirstOnesTheRest(int pool, int nodes, int pools, int size) {
    assertThat(NodePools.sizeOf(pool, nodes, pools)).isEqualTo(size);
  }

  @Test
  void theSizesAddUpAndMatchTheRoundRobin() {
    for (int nodes = 1; nodes <= 12; nodes++) {
      for (int pools = 1; pools <= nodes; pools++) {
        int[] counted = new int[pools];
        for (int node = 0; node < nodes; node++) {
          counted[NodePools.poolOf(node, pools)]++;
        }
        for (int pool = 0; pool < pools; pool++) {
          assertThat(NodePools.sizeOf(pool, nodes, pools)).isEqualTo(counted[pool]);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, nodepool1, aks-nodepool1-12345678-vmss",
    "2, nodepool3, aks-nodepool3-12345678-vmss"
  })
  void poolsAreNamedAsAksNamesThem(int pool, String name, String scaleSet) {
    assertThat(NodePools.poolName(pool)).isEqualTo(name);
    assertThat(NodePools.scaleSetName(pool)).isEqualTo(scaleSet);
  }

  @Test
  void aPoolWithoutNodesIsRefused() {
    assertThatThrownBy(() -> NodePools.sizeOf(0, 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodePools.poolOf(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
