package dev.podidentity.azuresim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureStateTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  AzureState state;
  ComputeTarget vmss;
  String a;
  String b;

  @BeforeEach
  void setUp() {
    state = new AzureState("tenant");
    vmss = state.addScaleSet(SUB, "rg", "vmss", "westeurope", 2);
    a = state.createIdentity(SUB, "rg", "a", "westeurope").id();
    b = state.createIdentity(SUB, "rg", "b", "westeurope").id();
  }

  static IdentityUpdate delta(String type, Object... idAndAdd) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (int i = 0; i < idAndAdd.length; i += 2) {
      m.put((String) idAndAdd[i], (Boolean) idAndAdd[i + 1]);
    }
    return new IdentityUpdate(type, m, false);
  }

  @Test
  void namesScaleSetInstancesLikeAksNodes() {
    assertThat(vmss.instances())
        .extracting(VmInstance::name)
        .containsExactly("vmss000000", "vmss000001");
    assertThat(state.vm("VMSS000001")).isPresent();
  }

  @Test
  void deltaAddsAndRemovesWithLowercasedKeys() {
    state.apply(vmss, delta("UserAssigned", a, true, b, true));
    state.apply(vmss, delta("UserAssigned", a.toUpperCase(), false));

    assertThat(vmss.identity().userAssigned()).containsOnlyKeys(b.toLowerCase());
    assertThat(vmss.identity().type()).isEqualTo(IdentityType.USER_ASSIGNED);
  }

  @Test
  void removingTheLastUserIdentityDropsUserAssignedFromTheType() {
    state.apply(vmss, delta("SystemAssigned, UserAssigned", a, true));
    state.apply(vmss, delta("SystemAssigned, UserAssigned", a, false));

    assertThat(vmss.identity().type()).isEqualTo(IdentityType.SYSTEM_ASSIGNED);
    assertThat(vmss.identity().system()).isNotNull();
  }

  @Test
  void aTypeWithoutUserAssignedDropsEveryUserIdentity() {
    state.apply(vmss, delta("UserAssigned", a, true, b, true));
    state.apply(vmss, delta("None"));

    assertThat(vmss.identity().type()).isEqualTo(IdentityType.NONE);
    assertThat(vmss.identity().userAssigned()).isEmpty();
  }

  @Test
  void validationNamesTheFirstUnknownIdentity() {
    String ghost = a.replace("/a", "/ghost");

    var error = state.validate(vmss, delta("UserAssigned", a, true, ghost, true), Set.of());

    assertThat(error).get().extracting(IdentityError::code).isEqualTo("FailedIdentityOperation");
    assertThat(error.get().message()).contains(ghost.toLowerCase());
  }

  @Test
  void removingAnIdentityThatNoLongerExistsIsAllowed() {
    state.apply(vmss, delta("UserAssigned", a, true));
    state.deleteIdentity(a);

    assertThat(state.validate(vmss, delta("UserAssigned", a, false), Set.of())).isEmpty();
  }

  @Test
  void refusesUnknownTypesAndAddsWithoutUserAssigned() {
    assertThat(state.validate(vmss, delta("Bogus"), Set.of()))
        .get()
        .extracting(IdentityError::status)
        .isEqualTo(400);
    assertThat(state.validate(vmss, delta("SystemAssigned", a, true), Set.of())).isPresent();
  }

  @Test
  void linkedAuthorizationFailureIsForbidden() {
    var error = state.validate(vmss, delta("UserAssigned", a, true), Set.of(a.toLowerCase()));

    assertThat(error)
        .get()
        .extracting(IdentityError::status, IdentityError::code)
        .containsExactly(403, "LinkedAuthorizationFailed");
  }

  @Test
  void aSecondOperationOrADeletingTargetConflicts() {
    assertThat(vmss.beginOperation("op1")).isEmpty();
    assertThat(vmss.beginOperation("op2")).get().extracting(IdentityError::status).isEqualTo(409);
    vmss.endOperation();
    vmss.markDeleting(true);
    assertThat(vmss.beginOperation("op3")).get().extracting(IdentityError::status).isEqualTo(409);
  }

  @Test
  void imdsIssuesOnlyForIdentitiesOnTheVmsTargetThatStillExist() {
    VmInstance vm = vmss.instances().get(0);
    ManagedIdentity ida = state.identity(a).orElseThrow();
    ManagedIdentity idb = state.identity(b).orElseThrow();
    state.assignDirectly(vmss, List.of(a), false);

    assertThat(state.imdsIdentity(vm, ida.clientId(), null, null)).isPresent();
    assertThat(state.imdsIdentity(vm, idb.clientId(), null, null)).isEmpty();
    assertThat(state.imdsIdentity(vm, null, null, null))
        .get()
        .extracting(TokenSubject::clientId)
        .isEqualTo(ida.clientId());
    state.deleteIdentity(a);
    assertThat(state.imdsIdentity(vm, ida.clientId(), null, null)).isEmpty();
  }

  @Test
  void rolesApplyAtTheResourceGroupAndAbove() {
    state.directory().addRoleAssignment("p1", "/subscriptions/" + SUB, "Reader");
    state
        .directory()
        .addRoleAssignment("p2", "/subscriptions/" + SUB + "/resourceGroups/RG/", "Reader");

    assertThat(state.directory().hasRoleAt("p1", SUB, "rg")).isTrue();
    assertThat(state.directory().hasRoleAt("p2", SUB, "rg")).isTrue();
    assertThat(state.directory().hasRoleAt("p2", SUB, "other")).isFalse();
  }
}
