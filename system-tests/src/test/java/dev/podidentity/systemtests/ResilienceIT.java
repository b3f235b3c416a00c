package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.kube.KubernetesCluster;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /**
   * aad-pod-identity deleted the MIC leader's pod while an identity, binding and pod were created.
   * Here the watcher and the assigner together are the MIC: both are stopped as a pod deletion
   * stops them (SIGTERM), the cluster changes while neither runs (a new pod identity, and a served
   * pod deleted), and their replacements must pick up both from the cluster and the topics alone.
   */
  @Test
  void watcherAndAssignerReplacedWhileAPodIdentityIsAdded() throws Exception {
    String ns = unique("leader");
    SimIdentity before = identity("leader-before");
    stack().addPodIdentity(ns, "before", before, ns + "-before");
    PodRef served = pod(ns, ns + "-before", node(1));
    awaitTokenStatus(served, before.clientId(), 200);
    SimIdentity mi = identity("leader");
    stack().stop("watcher");
    stack().stop("assigner");
    try {
      stack().addPodIdentity(ns, "id", mi, ns);
      PodRef pod = pod(ns, ns, node(0));
      stack().deletePod(served);

      // Side by side, as a Deployment's replacements start, so their start-up times overlap.
      CompletableFuture<Void> watcher =
          CompletableFuture.runAsync(
              () -> {
                try {
                  stack().restart("watcher");
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      stack().restart("assigner");
      watcher.join();

      assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
      // The deletion happened while no watcher ran: only its start-up resync can report it.
      awaitOffScaleSet(before);
    } finally {
      for (String service : List.of("watcher", "assigner")) {
        if (!stack().isRunning(service)) {
          stack().restart(service);
        }
      }
    }
  }

  /**
   * kube-apiserver restarts while etcd keeps the data: every watch is dropped, and a pod is deleted
   * meanwhile through the store (another API server of the control plane). The watcher's informers
   * must list again when the API is back and report the deletion, so the identity leaves the node
   * pool.
   */
  @Test
  void apiRestartedWhileAServedPodIsDeleted() throws Exception {
    String ns = unique("api-restart");
    SimIdentity mi = identity("api-restart");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().stopKubernetesApi();
    try (KubernetesCluster store = KubernetesCluster.at(stack().kubernetesStore())) {
      store.deletePod(pod.namespace(), pod.name());
    } finally {
      stack().startKubernetesApi();
    }

    awaitOffScaleSet(mi);
  }
}
