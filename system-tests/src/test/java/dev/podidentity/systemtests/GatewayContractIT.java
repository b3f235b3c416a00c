package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.pod.PodHttp;
import dev.podidentity.testsupport.net.PlainHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NMI's HTTP contract and the health of every process. */
class GatewayContractIT extends Scenario {

  @Test
  void unknownPath404MissingHeader400BlockedInstanceMetadata403() {
    String ns = unique("contract");
    SimIdentity mi = identity("contract");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef open = pod(ns, ns, node(0));
    PodRef blocked = pod(ns, ns, node(SharedStack.BLOCKED_NODE));
    awaitTokenStatus(open, mi.clientId(), 200);

    PodHttp.Response unknown = get(open, "/no/such/path", Map.of("Metadata", "true"));
    PodHttp.Response noHeader =
        get(open, "/metadata/identity/oauth2/token?resource=" + ARM, Map.of());
    PodHttp.Response instanceOpen =
        get(open, "/metadata/instance?api-version=2021-02-01", Map.of("Metadata", "true"));
    PodHttp.Response instanceBlocked =
        get(blocked, "/metadata/instance?api-version=2021-02-01", Map.of("Metadata", "true"));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(noHeader.status()).isEqualTo(400);
    assertThat(noHeader.body()).contains("\"error\"");
    assertThat(instanceOpen.status()).isEqualTo(200);
    assertThat(instanceOpen.body()).contains(node(0).name());
    assertThat(instanceBlocked.status()).isEqualTo(403);
  }

  @Test
  void retryAfterWhenImdsKeepsThrottling() {
    String ns = unique("retry");
    SimIdentity mi = identity("retry");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod = pod(ns, ns, node(1));
    awaitOnScaleSet(mi);
    stack()
        .simulator()
        .injectFault(
            new Fault(Fault.Kind.THROTTLE, "imds", node(1).name(), null, 0, 1000L, null, null));
    try {
      // A new resource, so the answer cannot come from the token cache.
      PodHttp.Response r =
          get(
              pod,
              "/metadata/identity/oauth2/token?resource=https%3A%2F%2Fvault.azure.net&client_id="
                  + mi.clientId(),
              Map.of("Metadata", "true"));

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isNotBlank();
    } finally {
      stack().simulator().clearFaults();
    }
    awaitTokenStatus(pod, mi.clientId(), 200);
  }

  /**
   * aad-pod-identity's Retry-After scenario: its NMI answered a pod whose identity was not yet
   * assigned with Retry-After, and the SDK's retry got the token. ARM is held slower than the
   * node's wait for the assignment, so the first answer is a 503 while the identity is not on the
   * scale set yet; the client's retry is served once the PATCH ends.
   */
  @Test
  void retryAfterWhileTheAssignmentIsPending() {
    String ns = unique("pending");
    SimIdentity mi = identity("pending");
    stack().addPodIdentity(ns, "id", mi, ns);
    long slowerThanTheWait = SharedStack.PENDING_ASSIGNMENT_WAIT.toMillis() + 4_000;
    stack()
        .simulator()
        .injectFault(
            new Fault(
                Fault.Kind.LATENCY,
                "arm",
                stack().scaleSetName(),
                "PATCH",
                0,
                slowerThanTheWait,
                null,
                null));
    PodRef pod;
    try {
      pod = pod(ns, ns, node(SharedStack.BLOCKED_NODE));
      PodHttp.Response first = token(pod, mi.clientId());

      assertThat(first.status()).isEqualTo(503);
      assertThat(first.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(first.body()).contains("\"error\"");
      assertThat(onScaleSet(mi)).isFalse();
    } finally {
      stack().simulator().clearFaults();
    }
    assertThat(awaitTokenStatus(pod, mi.clientId(), 200).body()).contains(mi.clientId());
  }

  @Test
  void livenessAndReadiness() throws Exception {
    HttpClient http = PlainHttp.client(Duration.ofSeconds(5));
    List<String> bases =
        stack().endpoints().stream()
            .filter(l -> l.contains("/q/health "))
            .map(l -> l.substring(l.indexOf("http://"), l.indexOf("/q/health ")))
            .toList();
    assertThat(bases).hasSize(2 + SharedStack.NODES);
    for (String base : bases) {
      for (String probe : List.of("/q/health/live", "/q/health/ready")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + probe))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(base + probe).isEqualTo(200);
        assertThat(r.body()).as(base + probe).contains("UP");
      }
    }
  }
}
