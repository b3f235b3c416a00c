package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Moving an identity in use from type 0 to federated, in the order the README gives: the federated
 * credential first, then the annotation. The assigner takes the identity off the scale set, the NMI
 * switches to the Entra exchange, and a pod asking throughout is never refused.
 */
class FederatedMigrationIT extends FederatedScenario {

  @Test
  void typeZeroIdentityInUseBecomesFederatedWithNoFailedRequest() throws Exception {
    String ns = unique("to-fed");
    SimIdentity mi = identity("to-fed");
    stack().addPodIdentity(ns, "id", mi, ns);
    PodRef pod =
        stack().pods().start(ns, unique("pod"), Map.of("aadpodidbinding", ns), node(0), APP);
    awaitTokenStatus(pod, null, 200);
    awaitOnScaleSet(mi);
    List<Integer> answers = new CopyOnWriteArrayList<>();
    ScheduledExecutorService asker = Executors.newSingleThreadScheduledExecutor();
    asker.scheduleWithFixedDelay(
        () -> {
          try {
            answers.add(token(pod, null).status());
          } catch (RuntimeException e) {
            answers.add(-1); // no answer at all: a failed request too
          }
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      long acceptedBefore = entra("accepted");

      stack().federated().trust(mi, ns, APP);
      stack().federated().markFederated(ns, "id", mi);

      awaitOffScaleSet(mi);
      // The NMI has switched once Entra has exchanged a service-account token for the identity.
      await("the NMI's first federated exchange")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> entra("accepted") > acceptedBefore);
      int afterSwitch = answers.size();
      await("requests after the switch")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> answers.size() >= afterSwitch + 10);
    } finally {
      asker.shutdown();
      assertThat(asker.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(answers).hasSizeGreaterThan(10).containsOnly(200);
    assertThat(claims(token(pod, mi.clientId())).path("appid").asText()).isEqualTo(mi.clientId());
    assertThat(onScaleSet(mi)).isFalse();
  }
}
