package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import org.junit.jupiter.api.Test;

/** A service dies in the middle of the flow; the system converges when it is back. */
class ResilienceIT extends Scenario {

  @Test
  void assignerKilledMidFlow() throws Exception {
    String ns = unique("killed");
    SimIdentity mi = identity("killed");
    stack().kill("assigner");
    try {
      stack().addPodIdentity(ns, "id", mi, ns);
      PodRef pod = pod(ns, ns, node(0));
      assertThat(onScaleSet(mi)).isFalse();

      stack().restart("assigner");

      assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
      stack().deletePod(pod);
      awaitOffScaleSet(mi);
    } finally {
      if (!stack().isRunning("assigner")) {
        stack().restart("assigner");
      }
    }
  }
}
