package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignerStateClaimsTest {
  static final ComputeTarget VMSS_B = ComputeTarget.scaleSet("sub", "rg", "vmss-b");

  @Test
  void aClaimIsHandedOutOnceAndItsTargetIsPlanned() {
    AssignerState state = new AssignerState();

    assertThat(state.claims(Map.of(VMSS_A, Set.of(idOf("x"))))).containsExactly(VMSS_A);
    assertThat(state.targets()).containsExactly(VMSS_A);
    assertThat(state.takeClaims(VMSS_A)).containsExactly(idOf("x"));
    assertThat(state.takeClaims(VMSS_A)).isEmpty();
    assertThat(state.targets()).isEmpty();
  }

  @Test
  void aFreshListingReplacesTheClaimsNotYetTakenUp() {
    AssignerState state = new AssignerState();
    state.claims(Map.of(VMSS_A, Set.of(idOf("stale"))));

    state.claims(Map.of(VMSS_B, Set.of(idOf("y"))));

    assertThat(state.takeClaims(VMSS_A)).isEmpty();
    assertThat(state.takeClaims(VMSS_B)).containsExactly(idOf("y"));
  }
}
