package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.it.TestNode.BoundPod;
import dev.podidentity.nmi.it.TestNode.Identity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Prefetch against the simulator's IMDS: a pod's first request after its identity was prefetched
 * makes no IMDS call.
 */
class PrefetchIT {
  static final String MANAGEMENT =
      "resource=https%3A%2F%2Fmanagement.azure.com%2F&api-version=2018-02-01";

  static TestNode node() {
    return TestNode.start(
        "nmi.prefetch.enabled", "true",
        "nmi.prefetch.interval", "200ms",
        "nmi.prefetch.retry-base", "100ms",
        "nmi.prefetch.retry-max", "200ms");
  }

  static double prefetched(TestNode node, String outcome) {
    var c = node.registry.find("podidentity.nmi.prefetch").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  static double misses(TestNode node) {
    return node.registry.get("podidentity.nmi.token.cache.misses").functionCounter().count();
  }

  @Test
  void anAssignedPodsFirstRequestIsServedFromThePrefetchedToken() {
    try (TestNode node = node()) {
      BoundPod bound = node.boundPod("127.0.0.70", "apps");
      await().atMost(Duration.ofSeconds(10)).until(() -> prefetched(node, "fetched") >= 1);
      long imdsCalls = node.imdsTokens();

      assertThat(node.token(bound.ip(), MANAGEMENT).status()).isEqualTo(200);
      assertThat(node.imdsTokens()).isEqualTo(imdsCalls);
      assertThat(misses(node)).isZero();
    }
  }

  @Test
  void anEagerIdentityIsFetchedOnceItReachesTheVmBeforeAnyPodAsks() {
    try (TestNode node = node()) {
      Identity id = node.identity("apps", "eager-id", false);
      node.bind("apps", "eager-bind", id.record().name(), "sel-eager", "true");
      // Not on the scale set yet: IMDS refuses it, and the node backs off and tries again.
      await().atMost(Duration.ofSeconds(10)).until(() -> prefetched(node, "failed") >= 1);
      assertThat(prefetched(node, "fetched")).isZero();

      node.putOnScaleSet(id.record().resourceId());
      await().atMost(Duration.ofSeconds(10)).until(() -> prefetched(node, "fetched") >= 1);
      long imdsCalls = node.imdsTokens();
      PodRecord pod = node.pod("127.0.0.71", "apps", "sel-eager");
      node.assign(pod, AssignmentState.ASSIGNED, id);
      node.awaitAssignment(pod, AssignmentState.ASSIGNED);

      assertThat(node.token("127.0.0.71", MANAGEMENT).status()).isEqualTo(200);
      assertThat(node.imdsTokens()).isEqualTo(imdsCalls);
      assertThat(misses(node)).isZero();
    }
  }
}
