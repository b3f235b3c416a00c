package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineUpdateInner;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Fault;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scale-set and VM identity updates driven only through azure-resourcemanager-compute. */
class ScaleSetIdentityIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-nodes";
  static AzureSimulator sim;
  static ComputeManager compute;
  static VirtualMachineScaleSetsClient scaleSets;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    compute = SdkClients.compute(sim, SUB);
    scaleSets = compute.serviceClient().getVirtualMachineScaleSets();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  static String identity(String name) {
    return (String) sim.admin().createIdentity(SUB, RG, name).get("id");
  }

  static String scaleSet(String name) {
    return (String) sim.admin().addScaleSet(SUB, RG, name, 2).get("id");
  }

  static VirtualMachineScaleSetUpdate delta(ResourceIdentityType type, Map<String, Boolean> ids) {
    Map<String, VirtualMachineIdentityUserAssignedIdentities> map = new LinkedHashMap<>();
    ids.forEach(
        (id, add) -> map.put(id, add ? new VirtualMachineIdentityUserAssignedIdentities() : null));
    return new VirtualMachineScaleSetUpdate()
        .withIdentity(
            new VirtualMachineScaleSetIdentity().withType(type).withUserAssignedIdentities(map));
  }

  static Map<String, Boolean> ids(Object... idAndAdd) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (int i = 0; i < idAndAdd.length; i += 2) {
      m.put((String) idAndAdd[i], (Boolean) idAndAdd[i + 1]);
    }
    return m;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Test
  void aConditionalUpdateWithAStaleEtagIsRefusedWith412AndChangesNothing() {
    scaleSet("vmss-etag");
    String a = identity("id-etag-a");
    String b = identity("id-etag-b");
    String read = scaleSets.getByResourceGroup(RG, "vmss-etag").etag();

    VirtualMachineScaleSetInner first =
        scaleSets
            .updateAsync(
                RG,
                "vmss-etag",
                delta(ResourceIdentityType.USER_ASSIGNED, ids(a, true)),
                read,
                null)
            .block();

    assertThat(first.etag()).isNotEqualTo(read);
    assertThatThrownBy(
            () ->
                scaleSets
                    .updateAsync(
                        RG,
                        "vmss-etag",
                        delta(ResourceIdentityType.USER_ASSIGNED, ids(b, true)),
                        read,
                        null)
                    .block())
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(412);
              assertThat(e.getValue().getCode()).isEqualTo("PreconditionFailed");
            });
    assertThat(scaleSets.getByResourceGroup(RG, "vmss-etag").identity().userAssignedIdentities())
        .containsOnlyKeys(lower(a));
    VirtualMachineScaleSetInner second =
        scaleSets
            .updateAsync(
                RG,
                "vmss-etag",
                delta(ResourceIdentityType.USER_ASSIGNED, ids(b, true)),
                first.etag(),
                null)
            .block();
    assertThat(second.identity().userAssignedIdentities()).containsOnlyKeys(lower(a), lower(b));
  }

  @Test
  void addsAndRemovesIdentitiesByDeltaKeepingThoseAlreadyThere() {
    String vmss = scaleSet("vmss-delta");
    String before = identity("id-before");
    String a = identity("id-a");
    String b = identity("id-b");
    sim.admin().assignIdentities(vmss, List.of(before), false);

    VirtualMachineScaleSetInner added =
        scaleSets.update(
            RG, "vmss-delta", delta(ResourceIdentityType.USER_ASSIGNED, ids(a, true, b, true)));

    assertThat(added.identity().userAssignedIdentities())
        .containsOnlyKeys(lower(before), lower(a), lower(b));
    assertThat(added.identity().userAssignedIdentities().get(lower(a)).clientId()).isNotBlank();
    assertThat(
            UUID.fromString(added.identity().userAssignedIdentities().get(lower(a)).principalId()))
        .isNotNull();

    VirtualMachineScaleSetInner removed =
        scaleSets.update(
            RG, "vmss-delta", delta(ResourceIdentityType.USER_ASSIGNED, ids(a, false)));

    assertThat(removed.identity().userAssignedIdentities())
        .containsOnlyKeys(lower(before), lower(b));
    assertThat(sim.admin().identitiesOf(vmss)).containsExactly(lower(before), lower(b));
    assertThat(scaleSets.getByResourceGroup(RG, "vmss-delta").identity().userAssignedIdentities())
        .containsOnlyKeys(lower(before), lower(b));
  }

  @Test
  void removingTheLastUserIdentityLeavesNoneOrOnlyTheSystemIdentity() {
    String onlyUser = scaleSet("vmss-last");
    String withSystem = scaleSet("vmss-system");
    String id = identity("id-last");
    sim.admin().assignIdentities(onlyUser, List.of(id), false);
    sim.admin().assignIdentities(withSystem, List.of(id), true);

    VirtualMachineScaleSetInner none =
        scaleSets.update(
            RG, "vmss-last", delta(ResourceIdentityType.USER_ASSIGNED, ids(id, false)));
    VirtualMachineScaleSetInner system =
        scaleSets.update(
            RG,
            "vmss-system",
            delta(ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED, ids(id, false)));

    assertThat(none.identity()).isNull();
    assertThat(sim.admin().describe(onlyUser)).containsEntry("type", "None");
    assertThat(system.identity().type()).isEqualTo(ResourceIdentityType.SYSTEM_ASSIGNED);
    assertThat(UUID.fromString(system.identity().principalId())).isNotNull();
  }

  @Test
  void refusesAnUnknownIdentityWithFailedIdentityOperationAndAppliesNothing() {
    String vmss = scaleSet("vmss-unknown");
    String known = identity("id-known");
    String unknown =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/"
            + RG
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/does-not-exist";

    assertThatThrownBy(
            () ->
                scaleSets.update(
                    RG,
                    "vmss-unknown",
                    delta(ResourceIdentityType.USER_ASSIGNED, ids(known, true, unknown, true))))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
              assertThat(e.getValue().getCode()).isEqualTo("FailedIdentityOperation");
              assertThat(e.getValue().getMessage()).contains(lower(unknown));
            });
    assertThat(sim.admin().identitiesOf(vmss)).isEmpty();
  }

  @Test
  void refusesMoreThan150IdentitiesInOneRequest() {
    scaleSet("vmss-many");
    Map<String, Boolean> many = new HashMap<>();
    for (int i = 0; i < 151; i++) {
      many.put(
          "/subscriptions/"
              + SUB
              + "/resourceGroups/"
              + RG
              + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/many-"
              + i,
          true);
    }

    assertThatThrownBy(
            () ->
                scaleSets.update(RG, "vmss-many", delta(ResourceIdentityType.USER_ASSIGNED, many)))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
              assertThat(e.getValue().getCode()).isEqualTo("InvalidParameter");
              assertThat(e.getValue().getMessage()).contains("150");
            });
  }

  @Test
  void refusesAnIdentityWithInjectedLinkedAuthorizationFailedAndAppliesNothing() {
    String vmss = scaleSet("vmss-linked");
    String ok = identity("id-linked-ok");
    String forbidden = identity("id-linked-forbidden");
    sim.admin().injectFault(Fault.linkedAuthorizationFailed(forbidden));

    assertThatThrownBy(
            () ->
                scaleSets.update(
                    RG,
                    "vmss-linked",
                    delta(ResourceIdentityType.USER_ASSIGNED, ids(ok, true, forbidden, true))))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
              assertThat(e.getValue().getCode()).isEqualTo("LinkedAuthorizationFailed");
              assertThat(e.getValue().getMessage()).contains(lower(forbidden));
            });
    assertThat(sim.admin().identitiesOf(vmss)).isEmpty();
    sim.admin().clearFaults();
  }

  @Test
  void throttlesIdentityPatchesPastAzureBudgetWith429AndRetryAfter() {
    scaleSet("vmss-budget");
    String id = identity("id-budget");
    for (int i = 0; i < 12; i++) {
      scaleSets.update(
          RG, "vmss-budget", delta(ResourceIdentityType.USER_ASSIGNED, ids(id, i % 2 == 0)));
    }

    assertThatThrownBy(
            () ->
                scaleSets.update(
                    RG, "vmss-budget", delta(ResourceIdentityType.USER_ASSIGNED, ids(id, true))))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(429);
              // 4 a minute: the next token is 15 s away.
              assertThat(Long.parseLong(e.getResponse().getHeaderValue("Retry-After")))
                  .isBetween(14L, 15L);
              assertThat(e.getResponse().getHeaderValue("x-ms-ratelimit-remaining-resource"))
                  .contains("VMScaleSetIdentityUpdate1Min;0");
            });
    assertThat(sim.admin().computeCount("vmss-budget", Counters.PATCH)).isEqualTo(13);
    assertThat(sim.admin().computeCount("vmss-budget", Counters.THROTTLED)).isEqualTo(1);
  }

  @Test
  void refusesUpdatesToAScaleSetBeingDeletedWith409() {
    String vmss = scaleSet("vmss-deleting");
    String id = identity("id-deleting");
    sim.admin().setDeleting(vmss, true);

    assertThatThrownBy(
            () ->
                scaleSets.update(
                    RG, "vmss-deleting", delta(ResourceIdentityType.USER_ASSIGNED, ids(id, true))))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
              assertThat(e.getValue().getCode()).isEqualTo("OperationNotAllowed");
            });
    assertThat(sim.admin().computeCount("vmss-deleting", Counters.CONFLICT)).isEqualTo(1);
  }

  @Test
  void answersInjectedServerErrorsInArmShapeAndCountsThem() {
    scaleSet("vmss-faulty");
    sim.admin().injectFault(Fault.error("vmss-faulty", 503, 1));

    assertThatThrownBy(() -> scaleSets.getByResourceGroup(RG, "vmss-faulty"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(503);
              assertThat(e.getValue().getCode()).isEqualTo("ServiceUnavailable");
            });
    assertThat(scaleSets.getByResourceGroup(RG, "vmss-faulty").name()).isEqualTo("vmss-faulty");
    assertThat(sim.admin().computeCount("vmss-faulty", Counters.ERROR)).isEqualTo(1);
    assertThat(sim.admin().computeCount("vmss-faulty", Counters.GET)).isEqualTo(2);
  }

  @Test
  void updatesTheIdentityOfAStandaloneVm() {
    String vm = (String) sim.admin().addVirtualMachine(SUB, RG, "vm-standalone").get("id");
    String id = identity("id-vm");

    VirtualMachineInner updated =
        compute
            .serviceClient()
            .getVirtualMachines()
            .update(
                RG,
                "vm-standalone",
                new VirtualMachineUpdateInner()
                    .withIdentity(
                        new VirtualMachineIdentity()
                            .withType(ResourceIdentityType.USER_ASSIGNED)
                            .withUserAssignedIdentities(
                                Map.of(id, new VirtualMachineIdentityUserAssignedIdentities()))));

    assertThat(updated.identity().userAssignedIdentities()).containsOnlyKeys(lower(id));
    assertThat(sim.admin().identitiesOf(vm)).containsExactly(lower(id));
  }
}
