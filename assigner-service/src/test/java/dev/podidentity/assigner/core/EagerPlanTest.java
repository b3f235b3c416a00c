package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.eagerBinding;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.invalidIdentity;
import static dev.podidentity.assigner.core.Fixtures.node;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static dev.podidentity.assigner.core.Fixtures.servicePrincipal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's eager references, and which targets a node change concerns. */
class EagerPlanTest {
  private final Planner planner = new Planner(false);
  private final AssignerState state = new AssignerState();

  @Test
  void anEagerBindingIsOneReferenceBesidesItsPods() {
    state.node("a0", node("a0", VMSS_A, "poola"));
    state.config("k1", identity("default", "id1"));
    state.config("k2", eagerBinding("default", "b1", "id1", "sel", "poola"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    state.pod(Keys.of(p), p);

    assertThat(state.plan(planner, VMSS_A).desired()).isEqualTo(Map.of(idOf("id1"), 2));
  }

  @Test
  void onlyValidUserAssignedIdentitiesAreKeptEagerly() {
    state.node("a0", node("a0", VMSS_A, null));
    state.config("k1", invalidIdentity("default", "bad", "no resource id"));
    state.config("k2", servicePrincipal("default", "sp"));
    state.config("k3", eagerBinding("default", "b1", "bad", "s1", "true"));
    state.config("k4", eagerBinding("default", "b2", "sp", "s2", "true"));
    state.config("k5", eagerBinding("default", "b3", "missing", "s3", "true"));

    assertThat(state.plan(planner, VMSS_A).desired()).isEmpty();
  }

  @Test
  void aTargetWithoutNodesHasNothingEager() {
    state.config("k1", identity("default", "id1"));
    state.config("k2", eagerBinding("default", "b1", "id1", "sel", "true"));

    assertThat(state.plan(planner, VMSS_A).desired()).isEmpty();
    assertThat(state.targets()).isEmpty();
  }

  @Test
  void aNodeConcernsPlanningOnlyWhenItChangesAnEagerTargetsPools() {
    assertThat(state.node("a0", node("a0", VMSS_A, "poola")))
        .as("nothing eager: a target nothing concerns is never planned")
        .isEmpty();

    state.config("k1", identity("default", "id1"));
    state.config("k2", eagerBinding("default", "b1", "id1", "sel", "poolb"));
    assertThat(state.targets()).isEmpty();

    assertThat(state.node("b0", node("b0", VMSS_B, "poolb"))).containsExactly(VMSS_B);
    assertThat(state.node("b1", node("b1", VMSS_B, "poolb"))).as("same pools").isEmpty();
    assertThat(state.node("b0", null)).as("b1 still there").isEmpty();
    assertThat(state.node("b1", null)).as("the last node").containsExactly(VMSS_B);
    assertThat(state.targets()).isEmpty();
  }
}
