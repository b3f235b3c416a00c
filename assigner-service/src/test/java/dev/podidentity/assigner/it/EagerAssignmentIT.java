package dev.podidentity.assigner.it;

import static dev.podidentity.assigner.it.AssignerIT.identity;
import static dev.podidentity.assigner.it.AssignerIT.lower;
import static dev.podidentity.assigner.it.AssignerIT.onTarget;
import static dev.podidentity.assigner.it.AssignerIT.pod;
import static dev.podidentity.assigner.it.AssignerIT.scaleSet;
import static dev.podidentity.assigner.it.AssignerIT.selector;
import static dev.podidentity.assigner.it.AssignerIT.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Eager assignment end to end: node records with their pool and an eager binding on the real broker
 * put the identity on the simulator's scale set before any pod exists; a pod scheduled there is
 * assigned with no PATCH of its own; the binding's eagerness ending takes it away.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class EagerAssignmentIT extends DrivenByEvents {

  @Test
  void anEagerIdentityIsOnItsPoolsScaleSetBeforeAnyPodAndLeavesWithItsEagerness() {
    ComputeTarget vmss = scaleSet();
    // A pool of this test's own: other tests' scale sets are never chosen.
    String pool = "pool-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 2; i++) {
      String node = vmss.name() + "00000" + i;
      AssignerIT.driver.send(
          Topics.NODES, node, new NodeRecord(1, node, null, vmss, null, pool, "1"));
    }
    IdentityRecord id = identity("eager-" + vmss.name());
    String sel = selector();
    AssignerIT.driver.config(id);
    AssignerIT.driver.config(
        new BindingRecord(
            1, "default", id.name() + "-binding", id.name(), sel, true, null, pool, "1"));

    await().atMost(AssignerIT.LONG).until(() -> onTarget(vmss).contains(lower(id.resourceId())));
    long patches = AssignerIT.sim().admin().computeCount(vmss.name(), "PATCH");

    PodRecord p = pod("p-" + vmss.name(), vmss, 0, sel);
    AssignerIT.driver.pod(p);
    await().atMost(AssignerIT.LONG).until(() -> states(p).contains(AssignmentState.ASSIGNED));
    assertThat(AssignerIT.sim().admin().computeCount(vmss.name(), "PATCH"))
        .as("the pod's identity was there already")
        .isEqualTo(patches);

    AssignerIT.driver.podGone(p);
    AssignerIT.driver.config(
        new BindingRecord(1, "default", id.name() + "-binding", id.name(), sel, true, null, "1"));
    await().atMost(AssignerIT.LONG).until(() -> !onTarget(vmss).contains(lower(id.resourceId())));
  }
}
