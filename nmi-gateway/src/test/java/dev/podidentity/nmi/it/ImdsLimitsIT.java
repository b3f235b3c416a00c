package dev.podidentity.nmi.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.nmi.it.TestNode.Answer;
import dev.podidentity.nmi.it.TestNode.BoundPod;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The NMI against the simulator's IMDS when it throttles or fails, and its own per-VM limits. */
class ImdsLimitsIT {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("nmi.imds.retry-base", "20ms", "nmi.imds.budget", "3s");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void clear() {
    TestCluster.sim().admin().clearFaults();
  }

  @Test
  void retriesThrottledAndFailingImdsWithinTheBudget() {
    BoundPod p = node.boundPod("127.0.0.60", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    TestCluster.sim()
        .admin()
        .injectFault(
            new Fault(Fault.Kind.THROTTLE, "imds", node.vmName, null, 2, null, null, null));
    TestCluster.sim()
        .admin()
        .injectFault(new Fault(Fault.Kind.ERROR, "imds", node.vmName, null, 1, null, 503, null));

    Answer a = node.token(p.ip(), "resource=https%3A%2F%2Fretry");

    assertThat(a.status()).isEqualTo(200);
    assertThat(node.registry.scrape())
        .contains("podidentity_nmi_imds_requests_total{outcome=\"throttled\"");
  }

  @Test
  void imdsFailingPastTheBudgetIsA503WithRetryAfter() {
    BoundPod p = node.boundPod("127.0.0.61", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    TestCluster.sim()
        .admin()
        .injectFault(new Fault(Fault.Kind.ERROR, "imds", node.vmName, null, 0, null, 500, null));

    Answer a = node.token(p.ip(), "resource=https%3A%2F%2Fdown");

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.headers().get("Retry-After")).isNotBlank();
    assertThat(a.json().getString("error")).isEqualTo("temporarily_unavailable");
  }

  @Test
  void manyDifferentResourcesAreQueuedInsideImdsPerVmLimitsAndAllAnswered() {
    BoundPod p = node.boundPod("127.0.0.62", "default");
    node.awaitAssignment(p.pod(), AssignmentState.ASSIGNED);
    TestCluster.sim().admin().resetThrottles();
    long before = node.imdsTokens();

    List<Future<Answer>> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(
          node.request(
              p.ip(), "/metadata/identity/oauth2/token?resource=https%3A%2F%2Fr" + i, true));
    }
    List<Answer> answers = TestNode.get(Future.all(all)).list();

    assertThat(answers).allMatch(a -> a.status() == 200);
    // One issued token per resource. (The simulator may still count a rare 429: it frees its
    // concurrency slot after the client has seen the answer, a race a retry absorbs.)
    assertThat(node.imdsTokens() - before).isEqualTo(30);
  }
}
