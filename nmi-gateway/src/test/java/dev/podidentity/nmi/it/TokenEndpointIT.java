package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.AadScrape;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.BoundPod;
import dev.podidentity.nmi.it.TestNode.Identity;
import dev.podidentity.testsupport.metrics.PrometheusText;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token contract end to end: the embedded broker drives the view, the simulator's IMDS issues
 * tokens, and a real HTTP client binds a pod's IP as its source address.
 */
class TokenEndpointIT {
  static final String VAULT = "resource=https%3A%2F%2Fvault.azure.net&api-version=2018-02-01";
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void boundPodWithAssignedIdentityGetsAnImdsShapedToken() {
    BoundPod p = node.boundPod("127.0.0.10", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);

    Answer a = node.token(p.ip(), VAULT);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getString("access_token")).isNotBlank();
    assertThat(a.json().getString("client_id")).isEqualTo(p.identity().clientId());
    assertThat(a.json().getString("resource")).isEqualTo("https://vault.azure.net");
    assertThat(a.json().getString("token_type")).isEqualTo("Bearer");
    assertThat(Long.parseLong(a.json().getString("expires_in"))).isPositive();
    assertThat(a.json().getString("expires_on")).isNotBlank();
  }

  @Test
  void aadsMetricsCountTheRequestAndItsImdsCallUnderAadsNamesAndLabels() {
    BoundPod p = node.boundPod("127.0.0.40", "aad-metrics");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);

    assertThat(node.token(p.ip(), VAULT).status()).isEqualTo(200);
    assertThat(node.token(p.ip(), "api-version=2018-02-01").status()).isEqualTo(400);

    PrometheusText scrape = new PrometheusText(node.aad.scrape());
    assertThat(scrape.families).isEqualTo(AadScrape.NMI);
    String requests = "aadpodidentity_nmi_operations_duration_seconds_count";
    String token = "operation_type=\"/metadata/identity/oauth2/token\"";
    assertThat(
            scrape.value(
                requests
                    + "{namespace=\"aad-metrics\","
                    + token
                    + ",resource=\"https://vault.azure.net\",status_code=\"200\"}"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                requests + "{namespace=\"\"," + token + ",resource=\"\",status_code=\"400\"}"))
        .isPositive();
    assertThat(
            scrape.value(
                "aadpodidentity_imds_operations_duration_seconds_count"
                    + "{operation_type=\"adal_token_msi_userassignedid\"}"))
        .isPositive();
  }

  @Test
  void wrongClientIdIsRefusedAtOnce() {
    BoundPod p = node.boundPod("127.0.0.11", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);

    Answer a = node.token(p.ip(), VAULT + "&client_id=00000000-0000-0000-0000-000000000000");

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error")).isEqualTo("forbidden");
  }

  @Test
  void missingMetadataHeaderIsA400WithImdsJson() {
    Answer a =
        TestNode.get(node.request("127.0.0.12", "/metadata/identity/oauth2/token?" + VAULT, false));

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().getString("error")).isEqualTo("invalid_request");
    assertThat(a.headers().get("Content-Type")).startsWith("application/json");
  }

  @Test
  void missingResourceIsA400() {
    Answer a = node.token("127.0.0.12", "api-version=2018-02-01");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().getString("error_description")).contains("resource");
  }

  @Test
  void unboundPodIsRefusedAtOnce() {
    PodRecord pod = node.pod("127.0.0.13", "default", null);
    node.awaitPod(pod);

    Answer a = node.token("127.0.0.13", VAULT);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description")).contains("bound to no AzureIdentity");
  }

  @Test
  void unknownSourceIpWaitsBrieflyThen403() {
    Answer a = node.token("127.0.0.14", VAULT);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description")).contains("127.0.0.14");
  }

  @Test
  void newPodIsAnsweredAsSoonAsItAppearsWhileItsRequestWaits() {
    String suffix = "late";
    Identity id = node.identity("default", "id-" + suffix, true);
    node.bind("default", "bind-" + suffix, id.record().name(), "sel-" + suffix);
    // The request arrives before the pod is known; the node waits (500 ms in this test).
    Future<Answer> pending =
        node.request("127.0.0.15", "/metadata/identity/oauth2/token?" + VAULT, true);
    PodRecord pod = node.pod("127.0.0.15", "default", "sel-" + suffix);
    node.assign(pod, AssignmentState.ASSIGNED, id);

    Answer a = TestNode.get(pending);
    assertThat(a.status()).isIn(200, 403); // 403 only if the broker was slower than the wait
    if (a.status() == 403) {
      assertThat(node.token("127.0.0.15", VAULT).status()).isEqualTo(200);
    }
  }

  @Test
  void podWaitingForAssignmentGetsItsTokenWhenAssignedArrives() {
    Identity id = node.identity("default", "id-wait", false);
    node.bind("default", "bind-wait", id.record().name(), "sel-wait");
    PodRecord pod = node.pod("127.0.0.16", "default", "sel-wait");
    node.assign(pod, AssignmentState.CREATED, id);
    node.awaitAssignment(pod, AssignmentState.CREATED);

    Future<Answer> pending =
        node.request("127.0.0.16", "/metadata/identity/oauth2/token?" + VAULT, true);
    await().atMost(Duration.ofSeconds(5)).until(() -> node.nmi.view().subscribers() > 0);
    assertThat(pending.isComplete()).isFalse();

    node.putOnScaleSet(id.record().resourceId());
    node.assign(pod, AssignmentState.ASSIGNED, id);

    Answer a = TestNode.get(pending);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getString("client_id")).isEqualTo(id.clientId());
    assertThat(node.registry.scrape())
        .contains("podidentity_nmi_assignment_waits_total{result=\"resolved\"");
  }

  @Test
  void failedAssignmentIsRefusedWithItsReason() {
    Identity id = node.identity("default", "id-failed", false);
    node.bind("default", "bind-failed", id.record().name(), "sel-failed");
    PodRecord pod = node.pod("127.0.0.17", "default", "sel-failed");
    node.assign(pod, AssignmentState.FAILED, id);
    node.awaitAssignment(pod, AssignmentState.FAILED);

    Answer a = node.token("127.0.0.17", VAULT);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description")).contains("FailedIdentityOperation");
  }

  @Test
  void onIpReuseTheNewerPodWinsAndTheOldGrantIsGone() {
    BoundPod old = node.boundPod("127.0.0.18", "default");
    node.awaitAssignment(old.pod(), AssignmentState.ASSIGNED);
    assertThat(node.token(old.ip(), VAULT).status()).isEqualTo(200);

    PodRecord newer = node.pod("127.0.0.18", "default", null);
    node.awaitPod(newer);

    assertThat(node.token("127.0.0.18", VAULT).status()).isEqualTo(403);
  }

  @Test
  void hostNetworkPodIsNeverAuthorisedByIp() {
    BoundPod p = node.boundPod("127.0.0.19", "default");
    PodRecord host =
        node.pod("127.0.0.20", "default", p.pod().labels().get("aadpodidbinding"), true, Map.of());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.nmi.view().current().hostNetworkIps().contains("127.0.0.20"));

    Answer a = node.token("127.0.0.20", VAULT);

    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().getString("error_description")).contains("host-network");
    assertThat(host.hostNetwork()).isTrue();
  }

  @Test
  void podMatchingAnExceptionGoesStraightToImds() {
    Identity id = node.identity("default", "id-exc", true);
    node.exception("default", "exc", Map.of("bypass", "yes"));
    PodRecord pod = node.pod("127.0.0.21", "default", null, false, Map.of("bypass", "yes"));
    node.awaitPod(pod);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.nmi.view().current().exceptionsByNamespace().containsKey("default"));

    Answer a = node.token("127.0.0.21", VAULT + "&client_id=" + id.clientId());

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().getString("client_id")).isEqualTo(id.clientId());
  }

  @Test
  void bindingDeletedAfterAssignmentStopsGrantsAtOnce() {
    String suffix = "unbind";
    Identity id = node.identity("default", "id-" + suffix, true);
    var binding = node.bind("default", "bind-" + suffix, id.record().name(), "sel-" + suffix);
    PodRecord pod = node.pod("127.0.0.22", "default", "sel-" + suffix);
    node.assign(pod, AssignmentState.ASSIGNED, id);
    node.awaitAssignment(pod, AssignmentState.ASSIGNED);
    assertThat(node.token("127.0.0.22", VAULT).status()).isEqualTo(200);

    node.unbind(binding);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !node.nmi.view().current().bindingsBySelector().containsKey("sel-" + suffix));

    assertThat(node.token("127.0.0.22", VAULT).status()).isEqualTo(403);
  }

  @Test
  void thousandConcurrentRequestsForOneIdentityMakeOneImdsCall() {
    BoundPod p = node.boundPod("127.0.0.23", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    long before = node.imdsTokens();

    List<Future<Answer>> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(
          node.request(
              p.ip(),
              "/metadata/identity/oauth2/token?resource=https%3A%2F%2Fstorage&x=" + i,
              true));
    }
    List<Answer> answers = TestNode.get(Future.all(all)).list();

    assertThat(answers).allMatch(a -> a.status() == 200);
    assertThat(node.imdsTokens() - before).isEqualTo(1);
  }

  @Test
  void instanceMetadataIsProxiedWithTheMetadataHeaderEnforced() {
    Answer ok =
        TestNode.get(node.request("127.0.0.24", "/metadata/instance?api-version=2021-02-01", true));
    Answer noHeader =
        TestNode.get(
            node.request("127.0.0.24", "/metadata/instance?api-version=2021-02-01", false));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().containsKey("compute")).isTrue();
    assertThat(noHeader.status()).isEqualTo(400);
  }

  @Test
  void hostTokenIsOffByDefault() {
    Answer a = TestNode.get(node.request("127.0.0.25", "/host/token/?" + VAULT, true));

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().getString("error")).isEqualTo("not_found");
  }

  @Test
  void aMissRecordsTheNmisOwnTimeBesideTheImdsCallAndAHitDoesNot() {
    BoundPod p = node.boundPod("127.0.0.28", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    String fresh = "resource=https%3A%2F%2Foverhead.example%2F";
    long before = overheadCount();

    assertThat(node.token(p.ip(), fresh).status()).isEqualTo(200);
    // Recorded as the answer is written, which the client can see first: waited for, not raced.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(overheadCount()).isEqualTo(before + 1));
    // Bounded by the request's own time: the IMDS call's share was taken out of it.
    assertThat(node.registry.get("podidentity.nmi.upstream.overhead").summary().max())
        .isGreaterThan(0)
        .isLessThan(node.registry.get("podidentity.nmi.request.duration").summary().max());

    assertThat(node.token(p.ip(), fresh).status()).isEqualTo(200);
    assertThat(overheadCount()).as("a cache hit made no upstream call").isEqualTo(before + 1);
    node.nmi.hits().flush(); // the hit's summed line is this test's, not the next one's
  }

  private static long overheadCount() {
    return node.registry.get("podidentity.nmi.upstream.overhead").summary().count();
  }

  @Test
  void deniesAndMissesAreALineEachAndGrantedCacheHitsOneSummedLine() {
    BoundPod p = node.boundPod("127.0.0.26", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    long start = node.nmi.requestLog().lines();
    // A resource no request asked for before: a cache miss, one line of its own.
    String fresh = "resource=https%3A%2F%2Fsummed.example%2F";
    assertThat(node.token(p.ip(), fresh).status()).isEqualTo(200);
    await().until(() -> node.nmi.requestLog().lines() == start + 1);
    long before = node.nmi.requestLog().lines();

    for (int i = 0; i < 5; i++) {
      // Answers of one second share their encoded bytes: each must still arrive whole.
      Answer a = node.token(p.ip(), fresh);
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.json().getString("access_token")).isNotBlank();
    }
    Answer refused =
        TestNode.get(node.request(p.ip(), "/metadata/identity/oauth2/token?" + fresh, false));
    node.awaitPod(node.pod("127.0.0.27", "default", null));
    Answer denied = node.token("127.0.0.27", fresh);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(denied.status()).isEqualTo(403);
    // The refusal and the denial at once, each a line; the five hits are not lines yet.
    await().until(() -> node.nmi.requestLog().lines() >= before + 2);
    assertThat(node.nmi.requestLog().lines()).isEqualTo(before + 2);
    node.nmi.hits().flush();
    assertThat(node.nmi.requestLog().lines()).isEqualTo(before + 3);
    assertThat(node.nmi.requestLog().dropped()).isZero();
  }
}
