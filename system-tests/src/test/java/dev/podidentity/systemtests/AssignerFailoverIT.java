package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two assigners; the one that owns the scale set is killed with SIGKILL half-way through a burst of
 * pods, some of which are deleted while it is down. The standby takes the scale set over, and the
 * killed one, restarted with the same command and environment, rejoins: the scale set converges
 * each time, and keeps what was never ours.
 */
class AssignerFailoverIT extends Scenario {

  @Test
  void aStandbyTakesOverFromAKilledAssignerAndTheRestartedOneRejoins() throws Exception {
    AssignerReplicas replicas = new AssignerReplicas(stack());
    String ns = unique("failover");
    SimIdentity kept = identity("kept");
    SimIdentity gone = identity("gone");
    SimIdentity late = identity("late");
    stack().addPodIdentity(ns, "kept", kept, ns + "-kept");
    stack().addPodIdentity(ns, "gone", gone, ns + "-gone");
    stack().addPodIdentity(ns, "late", late, ns + "-late");
    List<PodRef> pods = new ArrayList<>();
    List<PodRef> gonePods = new ArrayList<>();
    try {
      replicas.startStandby();
      String victim =
          await("a replica owning the scale set")
              .atMost(CONVERGE)
              .until(replicas::owner, o -> o.isPresent())
              .get();
      for (int i = 0; i < 3; i++) {
        pods.add(pod(ns, ns + "-kept", node(i % SharedStack.NODES)));
        gonePods.add(pod(ns, ns + "-gone", node(i % SharedStack.NODES)));
      }
      // Half-way: whatever the owner had done (read, PATCH in flight, published) is cut short.
      stack().services().kill(victim);
      gonePods.forEach(stack()::deletePod);
      for (int i = 0; i < 3; i++) {
        pods.add(pod(ns, ns + "-late", node(i % SharedStack.NODES)));
      }

      awaitConverged(kept, late, gone);
      assertThat(awaitTokenStatus(pods.get(pods.size() - 1), late.clientId(), 200).body())
          .contains(late.clientId());

      stack().services().restart(victim);
      replicas.startStandby();
      awaitConverged(kept, late, gone);
      assertThat(awaitTokenStatus(pods.get(0), kept.clientId(), 200).body())
          .contains(kept.clientId());

      // Whoever owns the scale set now knows what was added before both hand-overs.
      pods.forEach(stack()::deletePod);
      awaitOffScaleSet(kept);
      awaitOffScaleSet(late);
      assertThat(onScaleSet(stack().clusterIdentity())).isTrue();
    } finally {
      replicas.restore();
    }
  }

  private void awaitConverged(SimIdentity kept, SimIdentity late, SimIdentity gone) {
    awaitOnScaleSet(kept);
    awaitOnScaleSet(late);
    awaitOffScaleSet(gone);
    assertThat(onScaleSet(stack().clusterIdentity())).isTrue();
  }
}
