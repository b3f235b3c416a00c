package dev.podidentity.assigner.engine;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.binding;
import static dev.podidentity.assigner.core.Fixtures.cloud;
import static dev.podidentity.assigner.core.Fixtures.federated;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static dev.podidentity.assigner.core.Fixtures.identity;
import static dev.podidentity.assigner.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A federated identity's tokens come from Entra by the pod's service-account token, so the assigner
 * never puts it on a scale set: its pods are ASSIGNED at once, as a service principal's.
 */
class FederatedIdentityTest {
  Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  List<AssignmentState> states(PodRecord pod) {
    var a = h.assignment(pod);
    return a == null ? List.of() : a.identities().stream().map(AssignedIdentity::state).toList();
  }

  /** A pod bound to {@code identity}, once the assigner has settled. */
  PodRecord boundPod(IdentityRecord identity) {
    h.cloud.create(idOf(identity.name()));
    h.config(identity);
    h.config(binding("default", "b1", identity.name(), "sel"));
    PodRecord p = pod("default", "p1", VMSS_A, "sel");
    h.pod(p);
    h.settle();
    return p;
  }

  @Test
  void aPodOfAFederatedIdentityIsAssignedWithoutTouchingItsScaleSet() {
    PodRecord p = boundPod(federated("default", "id1"));

    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
    assertThat(h.cloud.patches(VMSS_A)).isZero();
  }

  @Test
  void anIdentitySwitchedToFederationLeavesTheScaleSetItsPodsNoLongerNeedItOn() {
    PodRecord p = boundPod(identity("default", "id1"));
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));

    h.config(federated("default", "id1"));
    h.settle();

    assertThat(h.cloud.identitiesOn(VMSS_A)).isEmpty();
    assertThat(h.output.ledger(VMSS_A).owned()).isEmpty();
    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
  }

  @Test
  void aFederatedIdentityAlreadyOnTheScaleSetBeforeUsIsLeftThere() {
    h.cloud.put(VMSS_A, cloud("id1"));

    PodRecord p = boundPod(federated("default", "id1"));

    assertThat(states(p)).containsExactly(AssignmentState.ASSIGNED);
    assertThat(h.cloud.identitiesOn(VMSS_A)).containsExactly(idOf("id1"));
    assertThat(h.cloud.patches(VMSS_A)).isZero();
  }
}
