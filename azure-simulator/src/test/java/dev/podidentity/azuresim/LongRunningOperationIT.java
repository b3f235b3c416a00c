package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a non-zero latency, updates run as ARM long-running operations the SDK polls. */
class LongRunningOperationIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-lro";
  static AzureSimulator sim;
  static VirtualMachineScaleSetsClient scaleSets;

  @BeforeAll
  static void start() {
    sim =
        AzureSimulator.start(SimulatorConfig.forTests().withPatchLatency(Duration.ofMillis(1500)));
    scaleSets = SdkClients.compute(sim, SUB).serviceClient().getVirtualMachineScaleSets();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void appliesTheUpdateWhenTheOperationCompletesAndRefusesAConcurrentOne() {
    String vmss = (String) sim.admin().addScaleSet(SUB, RG, "vmss-lro", 1).get("id");
    String id = (String) sim.admin().createIdentity(SUB, RG, "id-lro").get("id");
    VirtualMachineScaleSetUpdate add =
        new VirtualMachineScaleSetUpdate()
            .withIdentity(
                new VirtualMachineScaleSetIdentity()
                    .withType(ResourceIdentityType.USER_ASSIGNED)
                    .withUserAssignedIdentities(
                        Map.of(id, new VirtualMachineIdentityUserAssignedIdentities())));

    SyncPoller<PollResult<VirtualMachineScaleSetInner>, VirtualMachineScaleSetInner> poller =
        scaleSets.beginUpdate(RG, "vmss-lro", add);

    assertThat(poller.poll().getStatus()).isEqualTo(LongRunningOperationStatus.IN_PROGRESS);
    assertThat(sim.admin().describe(vmss)).containsEntry("provisioningState", "Updating");
    assertThat(sim.admin().identitiesOf(vmss)).isEmpty();
    assertThatThrownBy(() -> scaleSets.update(RG, "vmss-lro", add))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
              assertThat(e.getValue().getCode()).isEqualTo("OperationNotAllowed");
            });

    VirtualMachineScaleSetInner done = poller.getFinalResult();

    assertThat(done.identity().userAssignedIdentities())
        .containsOnlyKeys(id.toLowerCase(Locale.ROOT));
    assertThat(done.provisioningState()).isEqualTo("Succeeded");
    assertThat(sim.admin().identitiesOf(vmss)).containsExactly(id.toLowerCase(Locale.ROOT));
    assertThat(sim.admin().operations())
        .filteredOn(op -> vmss.equalsIgnoreCase((String) op.get("target")))
        .singleElement()
        .satisfies(
            op -> {
              assertThat((List<?>) op.get("added")).hasSize(1);
              assertThat((List<?>) op.get("removed")).isEmpty();
              long start = ((Number) op.get("startMillis")).longValue();
              long end = ((Number) op.get("endMillis")).longValue();
              long reported = ((Number) op.get("reportedMillis")).longValue();
              assertThat(end).isGreaterThanOrEqualTo(start + 1500);
              assertThat(reported).isGreaterThanOrEqualTo(end);
            });
  }
}
