package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.kube.Crds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Switching a cluster from aad-pod-identity: its controller is gone, what it assigned is still on
 * the scale set with its AzureAssignedIdentity objects, and the assigner takes over from them,
 * while a pod that was already served goes on being served.
 */
class MigrationIT extends Scenario {
  @Test
  void takesOverWhatAadPodIdentityAssignedAndRemovesExactlyThat() throws Exception {
    String ns = unique("aad");
    SimIdentity aadAdded = identity("aad-added");
    SimIdentity before = identity("before");
    // A pod already served keeps being served throughout the switch of controllers.
    String steadyNs = unique("steady");
    SimIdentity steadyId = identity("steady");
    stack().addPodIdentity(steadyNs, "id", steadyId, steadyNs);
    PodRef steady = pod(steadyNs, steadyNs, node(1));
    awaitTokenStatus(steady, steadyId.clientId(), 200);
    List<Integer> steadyAnswers = new CopyOnWriteArrayList<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            steadyAnswers.add(token(steady, steadyId.clientId()).status());
          } catch (RuntimeException e) {
            steadyAnswers.add(-1); // no answer at all: a failed request too
          }
        },
        0,
        200,
        TimeUnit.MILLISECONDS);
    stack().services().kill("assigner");
    try {
      // The cluster as aad-pod-identity leaves it: the identity its controller assigned to the
      // pod's node, with its object; another identity that was on the scale set before, with none.
      List<String> on = new ArrayList<>(stack().simulator().identitiesOf(stack().scaleSetId()));
      on.add(aadAdded.id());
      on.add(before.id());
      boolean system =
          Boolean.TRUE.equals(
              stack().simulator().describe(stack().scaleSetId()).get("systemAssigned"));
      stack().simulator().assignIdentities(stack().scaleSetId(), on, system);
      stack().addPodIdentity(ns, "id", aadAdded, ns);
      PodRef pod = pod(ns, ns, node(0));
      aadObject(pod, aadAdded);

      stack().services().restart("assigner");

      assertThat(awaitTokenStatus(pod, aadAdded.clientId(), 200).body())
          .contains(aadAdded.clientId());
      poller.shutdown();
      assertThat(poller.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(steadyAnswers).isNotEmpty().containsOnly(200);
      stack().deletePod(pod);
      awaitOffScaleSet(aadAdded);
      assertThat(onScaleSet(before)).isTrue();
      assertThat(onScaleSet(stack().clusterIdentity())).isTrue();
    } finally {
      poller.shutdownNow();
      if (!stack().services().isRunning("assigner")) {
        stack().services().restart("assigner");
      }
    }
  }

  /** The AzureAssignedIdentity aad-pod-identity's controller wrote for the pod (standard mode). */
  void aadObject(PodRef pod, SimIdentity id) {
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion("aadpodidentity.k8s.io/v1");
    o.setKind("AzureAssignedIdentity");
    o.setMetadata(
        new ObjectMetaBuilder()
            .withName(pod.name() + "-" + pod.namespace() + "-id")
            .withNamespace("default")
            .withLabels(Map.of("nodename", pod.node().name()))
            .build());
    o.setAdditionalProperty(
        "spec",
        Map.of(
            "azureIdentityRef",
            Map.of(
                "metadata", Map.of("name", "id", "namespace", pod.namespace()),
                "spec", Map.of("type", 0, "resourceID", id.id(), "clientID", id.clientId())),
            "pod",
            pod.name(),
            "podNamespace",
            pod.namespace(),
            "nodename",
            pod.node().name(),
            "replicas",
            1));
    o.setAdditionalProperty("status", Map.of("status", "Assigned", "availableReplicas", 1));
    stack().kubernetes().client().genericKubernetesResources(Crds.ASSIGNED).resource(o).create();
  }
}
