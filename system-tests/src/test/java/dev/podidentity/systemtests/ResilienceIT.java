package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.pod.PodHttp;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A service dies in the middle of the flow; the system converges when it is back. */
class ResilienceIT extends Scenario {

  @Test
  void assignerKilledMidFlow() throws Exception {
    String ns = unique("killed");
    SimIdentity mi = identity("killed");
    stack().services().kill("assigner");
    try {
      stack().addPodIdentity(ns, "id", mi, ns);
      PodRef pod = pod(ns, ns, node(0));
      assertThat(onScaleSet(mi)).isFalse();

      stack().services().restart("assigner");

      assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
      stack().deletePod(pod);
      awaitOffScaleSet(mi);
    } finally {
      restartIfDown("assigner");
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
    stack().services().stop("watcher");
    stack().services().stop("assigner");
    try {
      stack().addPodIdentity(ns, "id", mi, ns);
      PodRef pod = pod(ns, ns, node(0));
      stack().deletePod(served);

      // Side by side, as a Deployment's replacements start, so their start-up times overlap.
      CompletableFuture<Void> watcher =
          CompletableFuture.runAsync(
              () -> {
                try {
                  stack().services().restart("watcher");
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      stack().services().restart("assigner");
      watcher.join();

      assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
      // The deletion happened while no watcher ran: only its start-up resync can report it.
      awaitOffScaleSet(before);
    } finally {
      restartIfDown("watcher", "assigner");
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
    SimIdentity mi = identity("api-restart");
    PodRef pod = served(unique("api-restart"), mi);

    stack().stopKubernetesApi();
    try (KubernetesCluster store = KubernetesCluster.at(stack().kubernetesStore())) {
      store.deletePod(pod.namespace(), pod.name());
    } finally {
      stack().startKubernetesApi();
    }

    awaitOffScaleSet(mi);
  }

  /**
   * The wrong token a chaos run found: a served pod is deleted and its IP given to a pod with no
   * binding while nothing reaches the NMIs (here the watcher killed; to the NMIs a broker outage is
   * the same). Their view still names the old pod for that IP. It must fail closed (503) once its
   * newest heartbeat is older than stale-after, not serve the old pod's identity; and once the
   * watcher is back, the new pod is refused it.
   */
  @Test
  void anIpReusedWhileTheWatcherIsDownIsNeverServedAsItsOldPod() throws Exception {
    String ns = unique("reuse");
    SimIdentity mi = identity("reuse");
    PodRef old = served(ns, mi);

    stack().services().kill("watcher");
    try {
      stack().deletePod(old);
      PodRef reused =
          stack()
              .pods()
              .startAt(ns, unique("pod"), Map.of(), old.node(), PodRef.DEFAULT_ACCOUNT, old.ip());

      PodHttp.Response closed = awaitTokenStatus(reused, mi.clientId(), 503);
      assertThat(closed.body()).contains("heartbeat").doesNotContain("access_token");

      stack().services().restart("watcher");
      PodHttp.Response refused = awaitTokenStatus(reused, mi.clientId(), 403);
      assertThat(refused.body()).doesNotContain("access_token");
    } finally {
      restartIfDown("watcher");
    }
  }

  /** A pod of a new pod identity in namespace {@code ns} (its selector too), served a token. */
  private PodRef served(String ns, SimIdentity mi) {
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, mi.clientId(), 200);
    return pod;
  }

  /** A test's clean-up: the services it stopped run again for the next test. */
  private void restartIfDown(String... services) throws Exception {
    for (String service : services) {
      if (!stack().services().isRunning(service)) {
        stack().services().restart(service);
      }
    }
  }
}
