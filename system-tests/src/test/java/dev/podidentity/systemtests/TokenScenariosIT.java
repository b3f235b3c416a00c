package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.pod.PodHttp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** aad-pod-identity's e2e scenarios about who gets which token. */
class TokenScenariosIT extends Scenario {

  @Test
  void tokenForABoundPod() {
    String ns = unique("bound");
    SimIdentity mi = identity("bound");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));

    PodHttp.Response r = awaitTokenStatus(pod, mi.clientId(), 200);

    assertThat(r.body()).contains("\"access_token\"").contains(mi.clientId());
    assertThat(onScaleSet(mi)).isTrue();
  }

  @Test
  void failsAfterTheIdentityIsDeleted() {
    String ns = unique("iddel");
    SimIdentity mi = identity("iddel");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().cluster().deleteIdentity(ns, "id");

    awaitTokenStatus(pod, mi.clientId(), 403);
  }

  @Test
  void failsAfterTheBindingIsDeleted() {
    String ns = unique("bindel");
    SimIdentity mi = identity("bindel");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(1));
    awaitTokenStatus(pod, mi.clientId(), 200);

    stack().cluster().deleteBinding(ns, "id-binding");

    awaitTokenStatus(pod, mi.clientId(), 403);
  }

  @Test
  void identityFieldsUpdated() {
    String ns = unique("update");
    SimIdentity before = identity("before");
    SimIdentity after = identity("after");
    stack().addPodIdentity(ns, "id", before, ns);
    PodRef pod = pod(ns, ns, node(0));
    awaitTokenStatus(pod, before.clientId(), 200);

    stack().cluster().putIdentity(ns, "id", 0, after.id(), after.clientId());

    PodHttp.Response r = awaitTokenStatus(pod, after.clientId(), 200);
    assertThat(r.body()).contains(after.clientId());
    awaitTokenStatus(pod, before.clientId(), 403);
  }

  @Test
  void correctVsWrongClientId() {
    String ns = unique("clientid");
    SimIdentity bound = identity("bound");
    SimIdentity other = identity("other");
    stack().addPodIdentity(ns, "id", bound, ns);
    PodRef pod = pod(ns, ns, node(1));

    assertThat(awaitTokenStatus(pod, bound.clientId(), 200).body()).contains(bound.clientId());
    PodHttp.Response wrong = token(pod, other.clientId());

    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.body()).contains("\"error\"");
  }

  @Test
  void labelChangeCreatesANewAssignment() {
    String ns = unique("relabel");
    SimIdentity a = identity("label-a");
    SimIdentity b = identity("label-b");
    stack().addPodIdentity(ns, "a", a, ns + "-a");
    stack().addPodIdentity(ns, "b", b, ns + "-b");
    PodRef pod = pod(ns, ns + "-a", node(0));
    awaitTokenStatus(pod, a.clientId(), 200);

    stack().cluster().labelPod(ns, pod.name(), Map.of("aadpodidbinding", ns + "-b"));

    assertThat(awaitTokenStatus(pod, b.clientId(), 200).body()).contains(b.clientId());
    awaitTokenStatus(pod, a.clientId(), 403);
    awaitOffScaleSet(a);
  }

  @Test
  void batchContainingInvalidIdentities() {
    String ns = unique("invalid");
    SimIdentity valid = identity("valid");
    String missingId =
        valid.id().substring(0, valid.id().lastIndexOf('/') + 1) + unique("does-not-exist");
    stack().addPodIdentity(ns, "valid", valid, ns);
    stack()
        .cluster()
        .putIdentity(ns, "broken", 0, missingId, "11111111-2222-4333-8444-555555555555");
    stack().cluster().putBinding(ns, "broken-binding", "broken", ns);
    PodRef pod = pod(ns, ns, node(1));

    assertThat(awaitTokenStatus(pod, valid.clientId(), 200).body()).contains(valid.clientId());
    assertThat(token(pod, "11111111-2222-4333-8444-555555555555").status()).isEqualTo(403);
  }

  /**
   * aad-pod-identity's Gatekeeper scenario: an AzureIdentity whose resourceID lacks the resource
   * group is flagged, a well-formed one works. Our admission policy (k8s AdmissionPolicyTest) only
   * warns by default, so the malformed object is admitted; the watcher must then flag it on the
   * object and no pod may be served for it, while the well-formed one is.
   */
  @Test
  void malformedResourceIdIsFlaggedAndNeverServedWhileAWellFormedOneIs() {
    String ns = unique("format");
    SimIdentity typo = identity("format-typo");
    SimIdentity good = identity("format-good");
    String malformed =
        "/subscriptions/"
            + stack().subscription()
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + typo.name();
    stack().cluster().putIdentity(ns, "malformed", 0, malformed, typo.clientId());
    stack().cluster().putBinding(ns, "malformed-binding", "malformed", ns + "-bad");
    stack().addPodIdentity(ns, "good", good, ns + "-good");
    PodRef badPod = pod(ns, ns + "-bad", node(0));
    PodRef goodPod = pod(ns, ns + "-good", node(0));

    assertThat(awaitTokenStatus(goodPod, good.clientId(), 200).body()).contains(good.clientId());
    assertThat(awaitTokenStatus(badPod, typo.clientId(), 403).body()).contains("\"error\"");
    assertThat(onScaleSet(typo)).isFalse();
    await("a Warning Event on the malformed AzureIdentity")
        .atMost(CONVERGE)
        .until(
            () ->
                stack()
                    .kubernetes()
                    .client()
                    .v1()
                    .events()
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .stream()
                    .anyMatch(
                        e ->
                            "malformed".equals(e.getInvolvedObject().getName())
                                && "Warning".equals(e.getType())
                                && e.getMessage().contains("resourcegroups")));
  }

  @Test
  void exceptionPodBypasses() {
    String ns = unique("exception");
    stack().cluster().putException(ns, "bypass", Map.of("app", "legacy"));
    // No binding at all: the pod matches the exception, so the NMI forwards to the node's IMDS,
    // which serves the identity on the scale set (the kubelet identity).
    PodRef pod = stack().startPod(ns, unique("legacy"), Map.of("app", "legacy"), node(0));

    PodHttp.Response r = awaitTokenStatus(pod, stack().clusterIdentity().clientId(), 200);

    assertThat(r.body()).contains(stack().clusterIdentity().clientId());
  }

  @Test
  void requestFromAnInitContainerLikeEarlyStart() throws Exception {
    String ns = unique("early");
    SimIdentity mi = identity("early");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod =
        stack().createUnstartedPod(ns, unique("pod"), Map.of("aadpodidbinding", ns), node(0));

    // The first container asks before the API knows the pod's IP; the NMI waits for the pod.
    CompletableFuture<PodHttp.Response> early =
        CompletableFuture.supplyAsync(() -> token(pod, mi.clientId()));
    stack().reportRunning(pod);

    assertThat(early.get().status()).isEqualTo(200);
  }

  @Test
  void servicePrincipalIdentityGetsItsTokenFromEntraAndIsNeverPutOnTheScaleSet() {
    String ns = unique("sp");
    java.util.List<String> before = stack().simulator().identitiesOf(stack().scaleSetId());
    String secret = java.util.UUID.randomUUID().toString();
    Map<String, Object> sp = stack().simulator().addServicePrincipal(null, secret, null);
    String clientId = (String) sp.get("clientId");
    stack()
        .kubernetes()
        .client()
        .secrets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("sp-secret")
                .endMetadata()
                .withStringData(Map.of("clientSecret", secret))
                .build())
        .create();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", 1);
    spec.put("clientID", clientId);
    spec.put("tenantID", sp.get("tenantId"));
    spec.put("clientPassword", Map.of("name", "sp-secret", "namespace", ns));
    spec.put("adEndpoint", stack().armUrl() + "/");
    stack().cluster().putIdentity(ns, "sp", Map.of(), spec);
    stack().cluster().putBinding(ns, "sp-binding", "sp", ns);
    PodRef pod = pod(ns, ns, node(1));

    // The NMI reads the Secret from the Kubernetes API and asks the simulator's Entra itself.
    PodHttp.Response r = awaitTokenStatus(pod, clientId, 200);

    assertThat(r.body()).contains("\"client_id\":\"" + clientId + "\"").contains("access_token");
    assertThat(stack().simulator().identitiesOf(stack().scaleSetId()))
        .doesNotContainAnyElementsOf(java.util.List.of(clientId))
        .containsAll(before.stream().filter(id -> id.contains("kubelet")).toList());
  }

  @Test
  void sameNamedIdentitiesInTwoNamespaces() {
    String nsA = unique("twin-a");
    String nsB = unique("twin-b");
    SimIdentity a = identity("twin-a");
    SimIdentity b = identity("twin-b");
    stack().addPodIdentity(nsA, "same", a, nsA);
    stack().addPodIdentity(nsB, "same", b, nsB);
    PodRef podA = pod(nsA, nsA, node(0));
    PodRef podB = pod(nsB, nsB, node(1));

    assertThat(awaitTokenStatus(podA, a.clientId(), 200).body()).contains(a.clientId());
    assertThat(awaitTokenStatus(podB, b.clientId(), 200).body()).contains(b.clientId());
    assertThat(token(podA, b.clientId()).status()).isEqualTo(403);
    assertThat(token(podB, a.clientId()).status()).isEqualTo(403);
  }
}
