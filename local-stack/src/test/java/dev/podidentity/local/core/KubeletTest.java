package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.core.Kubelet.Bind;
import dev.podidentity.local.core.Kubelet.Leave;
import dev.podidentity.local.core.Kubelet.Start;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletTest {
  private final Kubelet kubelet = new Kubelet(List.of("node-0", "node-1"));

  @Test
  void podsWithoutANodeGoToTheNodesInTurn() {
    assertThat(kubelet.next(null, null, false, false)).isEqualTo(new Bind("node-0"));
    assertThat(kubelet.next("", null, false, false)).isEqualTo(new Bind("node-1"));
    assertThat(kubelet.next(null, null, false, false)).isEqualTo(new Bind("node-0"));
  }

  @Test
  void aPodOnOneOfTheStacksNodesWithoutAnAddressStarts() {
    assertThat(kubelet.next("node-1", null, false, false)).isEqualTo(new Start(false));
    assertThat(kubelet.next("node-0", "", true, false)).isEqualTo(new Start(true));
  }

  @Test
  void leavesRunningPodsPodsOfOtherNodesAndPodsBeingDeleted() {
    assertThat(kubelet.next("node-0", "127.0.0.9", false, false)).isEqualTo(new Leave());
    assertThat(kubelet.next("elsewhere", null, false, false)).isEqualTo(new Leave());
    assertThat(kubelet.next(null, null, false, true)).isEqualTo(new Leave());
  }
}
