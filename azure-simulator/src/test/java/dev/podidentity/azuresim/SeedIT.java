package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import dev.podidentity.azuresim.http.Json;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The documented seed file starts a cloud the SDK can read. */
class SeedIT {

  static final String SUB = "11111111-1111-1111-1111-111111111111";
  static final String RG = "MC_rg_cluster_westeurope";

  @Test
  void seedExampleGivesAScaleSetWithItsPreExistingIdentityAndVmsWithImds() throws Exception {
    Seed seed;
    try (InputStream in = getClass().getResourceAsStream("/seed-example.json")) {
      seed = Json.MAPPER.readValue(in, Seed.class);
    }
    try (AzureSimulator sim = AzureSimulator.start(SimulatorConfig.forTests().withSeed(seed))) {
      VirtualMachineScaleSetInner vmss =
          SdkClients.compute(sim, SUB)
              .serviceClient()
              .getVirtualMachineScaleSets()
              .getByResourceGroup(RG, "aks-nodepool1-12345678-vmss");

      assertThat(vmss.sku().capacity()).isEqualTo(3);
      assertThat(vmss.identity().userAssignedIdentities().keySet())
          .singleElement()
          .satisfies(
              id ->
                  assertThat(id)
                      .endsWith("/cluster-agentpool")
                      .isEqualTo(id.toLowerCase(Locale.ROOT)));
      assertThat(sim.imdsEndpointFor("aks-nodepool1-12345678-vmss000002"))
          .isEqualTo(sim.imdsUrl() + "/vms/aks-nodepool1-12345678-vmss000002");
      assertThat(sim.state().vm("aks-standalone-vm")).isPresent();
    }
  }
}
