package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.pod.PodHttp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Federated identities on the stack's real processes: a pod whose SDK only speaks IMDS gets the
 * identity's token from the node's NMI, which proves the pod's service account to the simulator's
 * Entra with a TokenRequest token; the identity is never on a scale set, no ARM update names it.
 * Every refusal is the NMI's IMDS-shaped JSON with the reason.
 */
class FederatedIdentityIT extends FederatedScenario {

  @Test
  void imdsOnlyPodGetsTheFederatedIdentitysTokenWithNoArmCallAndCacheHitsSkipEntra() {
    Federated f = federatedIdentity("fed", APP);
    long acceptedBefore = entra("accepted");
    PodRef pod = pod(f, APP, node(0));

    // No client_id: what an SDK that only knows IMDS sends.
    PodHttp.Response first = awaitTokenStatus(pod, null, 200);

    // The contract IMDS holds, whatever the token's source: its fields, the resource asked for.
    assertThat(json(first).fieldNames())
        .toIterable()
        .contains(
            "access_token",
            "client_id",
            "expires_in",
            "expires_on",
            "not_before",
            "resource",
            "token_type");
    assertThat(json(first).path("resource").asText()).isEqualTo(ARM);
    assertThat(json(first).path("token_type").asText()).isEqualTo("Bearer");
    assertThat(json(first).path("client_id").asText()).isEqualTo(f.identity().clientId());
    assertThat(claims(first).path("appid").asText()).isEqualTo(f.identity().clientId());
    long accepted = entra("accepted");
    assertThat(accepted - acceptedBefore).isEqualTo(1);
    // A second pod of the same account and the first pod again: served from the NMI's cache.
    PodRef sibling = pod(f, APP, node(0));
    PodHttp.Response cached = awaitTokenStatus(sibling, null, 200);
    assertThat(token(pod, f.identity().clientId()).status()).isEqualTo(200);
    assertThat(json(cached).path("access_token").asText())
        .isEqualTo(json(first).path("access_token").asText());
    assertThat(entra("accepted")).isEqualTo(accepted);
    assertThat(armUpdatesNaming(f.identity())).isZero();
    assertThat(onScaleSet(f.identity())).isFalse();
  }

  @Test
  void anotherServiceAccountOfTheNamespaceIsRefusedForItsSubject() {
    Federated f = federatedIdentity("fed-sa", APP);
    PodRef other = pod(f, "batch", node(1));

    PodHttp.Response r = awaitEntraRefusal(other);

    assertThat(reason(r))
        .contains("Entra refused the federated identity", "AADSTS700213", "subject")
        .contains("system:serviceaccount:" + f.namespace() + ":batch");
  }

  @Test
  void anIdentityWithoutAnyFederatedCredentialIsRefused() {
    Federated f = federatedIdentity("fed-none");
    PodRef pod = pod(f, APP, node(0));

    PodHttp.Response r = awaitEntraRefusal(pod);

    assertThat(reason(r))
        .contains("Entra refused the federated identity", "AADSTS70021")
        .contains("No matching federated identity record");
  }

  @Test
  void anExpiredServiceAccountTokenIsRefused() {
    Federated f = federatedIdentity("fed-exp", APP);
    PodRef pod = pod(f, APP, node(1));
    long expiredBefore = entra("refused:expired");
    // Entra's clock past the token's 10 minutes and its 5-minute skew: the NMI's fresh token is
    // already expired there, as if it had been held too long.
    stack().simulator().shiftEntraClock(Duration.ofMinutes(20));
    try {
      PodHttp.Response r = awaitEntraRefusal(pod);

      assertThat(reason(r)).contains("Entra refused the federated identity", "AADSTS700024");
      assertThat(entra("refused:expired")).isGreaterThan(expiredBefore);
    } finally {
      stack().simulator().shiftEntraClock(Duration.ZERO);
    }
    assertThat(awaitTokenStatus(pod, null, 200).status()).isEqualTo(200);
  }

  @Test
  void aPodDeletedWhileItsRequestIsAuthorisedGetsNoToken() throws Exception {
    Federated f = federatedIdentity("fed-del", APP);
    PodRef pod = pod(f, APP, node(0));
    awaitTokenStatus(pod, null, 200);
    PodRef second = pod(f, APP, node(0));
    awaitTokenStatus(second, null, 200);
    // The watcher stopped: the NMI's view still holds the pod (it authorises the request) while
    // the API no longer does, the moment between a deletion and its event. The TokenRequest,
    // bound to the pod's uid, is what refuses. A token already cached for the account would be
    // served; the resource below has none.
    stack().services().kill("watcher");
    try {
      stack().deletePod(second);
      PodHttp.Response r =
          get(
              second,
              "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                  + java.net.URLEncoder.encode(
                      "https://vault.azure.net", java.nio.charset.StandardCharsets.UTF_8),
              Map.of("Metadata", "true"));

      assertThat(r.status()).as(r.body()).isEqualTo(403);
      assertThat(reason(r)).contains("refused a token", second.name(), "404");
    } finally {
      stack().services().restart("watcher");
    }
  }

  @Test
  void anIpReusedByAPodOfAnotherServiceAccountGetsNothingOfTheFirstPods() {
    Federated f = federatedIdentity("fed-ip", APP);
    PodRef first = pod(f, APP, node(1));
    String token = json(awaitTokenStatus(first, null, 200)).path("access_token").asText();
    await("the assigner's AzureAssignedIdentity for " + first.name())
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                stack().cluster().assignedIdentities("default").stream()
                    .anyMatch(n -> n.startsWith(first.name())));
    stack().deletePod(first);
    // The pods topic is read in order: once the assigner has seen the deletion, the NMI's view
    // will have it before the next pod's record, and a CNI hands the IP out only after teardown.
    await("the assigner saw " + first.name() + " deleted")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                stack().cluster().assignedIdentities("default").stream()
                    .noneMatch(n -> n.startsWith(first.name())));

    PodRef next =
        stack()
            .pods()
            .startAt(
                f.namespace(),
                unique("reuse"),
                Map.of("aadpodidbinding", f.namespace()),
                first.node(),
                "batch",
                first.ip());
    PodHttp.Response r = token(next, null);

    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).doesNotContain(token);
    assertThat(reason(r)).contains("AADSTS700213", ":batch");
  }

  /** The NMI's refusal is IMDS's JSON shape; its description says why. */
  static String reason(PodHttp.Response r) {
    JsonNode body = json(r);
    assertThat(body.path("error").asText()).as(r.body()).isNotBlank();
    return body.path("error_description").asText();
  }
}
