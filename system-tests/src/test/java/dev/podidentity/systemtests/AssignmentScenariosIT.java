package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** aad-pod-identity's e2e scenarios about identities on the scale set. */
class AssignmentScenariosIT extends Scenario {

  @Test
  void assignedIdentityIsRemovedWithThePod() {
    String ns = unique("remove");
    SimIdentity mi = identity("remove");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().deletePod(pod);

    awaitOffScaleSet(mi);
  }

  @Test
  void severalIdentitiesDeletedInRandomOrder() {
    String ns = unique("several");
    List<SimIdentity> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SimIdentity mi = identity("several" + i);
      ids.add(mi);
      stack().addPodIdentity(ns, "id" + i, mi, ns);
    }
    PodRef pod = pod(ns, ns, node(1));
    ids.forEach(mi -> awaitTokenStatus(pod, mi.clientId(), 200));

    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
    Collections.shuffle(order, new Random(System.nanoTime()));
    for (int i : order) {
      stack().cluster().deleteIdentity(ns, "id" + i);
    }

    ids.forEach(this::awaitOffScaleSet);
    ids.forEach(mi -> awaitTokenStatus(pod, mi.clientId(), 403));
  }

  @Test
  void fortyPodsAssignedAndValidated() {
    String ns = unique("forty");
    SimIdentity mi = identity("forty");
    stack().addPodIdentity(ns, "id", mi, ns);
    long t0 = System.nanoTime();
    List<PodRef> pods = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pods.add(pod(ns, ns, node(i % 2)));
    }
    for (PodRef pod : pods) {
      assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf(
        Locale.ROOT,
        "fortyPodsAssignedAndValidated: 40 pods created, assigned and each served a token in"
            + " %.1f s (aad-pod-identity allowed 150 s)%n",
        took.toMillis() / 1000.0);

    pods.forEach(stack()::deletePod);
    awaitOffScaleSet(mi);
  }

  @Test
  void referenceCountingAcrossScaleSetNodes() {
    String ns = unique("refcount");
    SimIdentity mi = identity("refcount");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef first = pod(ns, ns, node(0));
    PodRef second = pod(ns, ns, node(1));
    awaitTokenStatus(first, mi.clientId(), 200);
    awaitTokenStatus(second, mi.clientId(), 200);

    stack().deletePod(first);
    // The second pod on another node of the same scale set still holds a reference.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> onScaleSet(mi));
    assertThat(token(second, mi.clientId()).status()).isEqualTo(200);

    stack().deletePod(second);
    awaitOffScaleSet(mi);
  }

  @Test
  void manualUnassignThenDelete() {
    String ns = unique("manual");
    SimIdentity mi = identity("manual");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitOnScaleSet(mi);

    removeFromScaleSet(mi);
    stack().cluster().deleteIdentity(ns, "id");
    stack().deletePod(pod);

    // The assigner is not wedged by an identity that vanished under it: the next one is served.
    SimIdentity next = identity("manual-next");
    stack().addPodIdentity(ns, "next", next, ns + "-next");
    PodRef nextPod = pod(ns, ns + "-next", node(0));
    awaitTokenStatus(nextPod, next.clientId(), 200);
    assertThat(onScaleSet(mi)).isFalse();
  }

  @Test
  void systemIdentityAndUnrelatedUserIdentityUntouched() {
    String ns = unique("system");
    SimIdentity unrelated = identity("unrelated");
    List<String> current = new ArrayList<>(stack().simulator().identitiesOf(stack().scaleSetId()));
    current.add(unrelated.id());
    // Someone else adds a user identity of their own (a delta PATCH, as az vmss identity assign).
    stack().simulator().assignIdentities(stack().scaleSetId(), current, true);
    SimIdentity mi = identity("system-ours");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(1));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().deletePod(pod);
    awaitOffScaleSet(mi);

    assertThat(stack().simulator().describe(stack().scaleSetId()).get("systemAssigned"))
        .isEqualTo(true);
    assertThat(onScaleSet(unrelated)).isTrue();
  }

  @Test
  void immutableIdentityKept() {
    String ns = unique("immutable");
    SimIdentity mi = stack().immutableIdentity(SharedStack.IMMUTABLE);
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().deletePod(pod);

    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> onScaleSet(mi));
  }

  @Test
  void reconcileReAddsAManuallyRemovedIdentity() {
    String ns = unique("drift");
    SimIdentity mi = identity("drift");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(1));
    awaitTokenStatus(pod, mi.clientId(), 200);

    removeFromScaleSet(mi);

    awaitOnScaleSet(mi);
    awaitTokenStatus(pod, mi.clientId(), 200);
  }

  @Test
  void clusterIdentityNeverRemoved() {
    String ns = unique("cluster");
    SimIdentity kubelet = stack().clusterIdentity();
    stack().addPodIdentity(ns, "kubelet", kubelet, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, kubelet.clientId(), 200);

    stack().deletePod(pod);

    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> onScaleSet(kubelet));
  }

  @Test
  void invalidIdentitiesAssignedLaterDoNotUnassignAValidOne() {
    String ns = unique("invalid-later");
    SimIdentity valid = identity("valid-later");
    stack().addPodIdentity(ns, "valid", valid, ns);
    PodRef validPod = pod(ns, ns, node(0));
    awaitTokenStatus(validPod, valid.clientId(), 200);

    // Two identities Azure does not know, on both nodes of the scale set the valid one is on: the
    // PATCH that tries them fails, and must not take the valid identity with it.
    List<PodRef> invalidPods = new ArrayList<>();
    List<String> invalidClientIds = new ArrayList<>();
    List<String> missingNames = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String name = unique("missing");
      String clientId = UUID.randomUUID().toString();
      String missingId = valid.id().substring(0, valid.id().lastIndexOf('/') + 1) + name;
      stack().cluster().putIdentity(ns, "missing" + i, 0, missingId, clientId);
      stack().cluster().putBinding(ns, "missing" + i + "-binding", "missing" + i, ns + "-" + i);
      invalidPods.add(pod(ns, ns + "-" + i, node(i)));
      invalidClientIds.add(clientId);
      missingNames.add(name);
    }

    for (int i = 0; i < 2; i++) {
      // Refused with Azure's reason (it names the identity), so the failed PATCH has happened.
      assertThat(awaitTokenStatus(invalidPods.get(i), invalidClientIds.get(i), 403).body())
          .contains(missingNames.get(i));
    }
    assertThat(onScaleSet(valid)).isTrue();
    assertThat(token(validPod, valid.clientId()).status()).isEqualTo(200);
  }

  private void removeFromScaleSet(SimIdentity mi) {
    List<String> rest = new ArrayList<>(stack().simulator().identitiesOf(stack().scaleSetId()));
    rest.remove(mi.id().toLowerCase(Locale.ROOT));
    boolean system =
        Boolean.TRUE.equals(
            stack().simulator().describe(stack().scaleSetId()).get("systemAssigned"));
    stack().simulator().assignIdentities(stack().scaleSetId(), rest, system);
  }
}
