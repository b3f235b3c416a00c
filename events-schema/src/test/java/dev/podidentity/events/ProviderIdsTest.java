package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderIdsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "azure:///subscriptions/SUB-1/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool-vmss/virtualMachines/3,"
        + " SCALE_SET, sub-1, mc_rg, aks-pool-vmss, 3",
    "AZURE:///SUBSCRIPTIONS/sub-1/RESOURCEGROUPS/mc_RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINESCALESETS/AKS-POOL-VMSS/VIRTUALMACHINES/12,"
        + " SCALE_SET, sub-1, mc_rg, aks-pool-vmss, 12",
    "azure:///subscriptions/sub-1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-a,"
        + " VIRTUAL_MACHINE, sub-1, rg, vm-a, vm-a",
    "azure:///subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/Vm-A/,"
        + " VIRTUAL_MACHINE, sub-1, rg, vm-a, vm-a",
  })
  void parsesScaleSetAndStandaloneVmIdsCaseInsensitively(
      String providerId,
      ComputeTarget.Kind kind,
      String subscription,
      String group,
      String name,
      String instance) {
    ProviderIdParse parse = ProviderIds.parse(providerId);

    assertThat(parse).isInstanceOf(ProviderIdParse.Parsed.class);
    ProviderIdParse.Parsed parsed = (ProviderIdParse.Parsed) parse;
    assertThat(parsed.target()).isEqualTo(new ComputeTarget(kind, subscription, group, name));
    assertThat(parsed.instanceId()).isEqualTo(instance);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "kind://docker/kind/kind-worker",
        "aws:///eu-west-1a/i-0123456789",
        "azure:///subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss",
        "azure:///subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualMachines/vm",
        "azure:///subscriptions//resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
        "azure:///subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extra/parts",
      })
  void anythingElseIsATypedErrorWithAReason(String providerId) {
    ProviderIdParse parse = ProviderIds.parse(providerId);

    assertThat(parse).isInstanceOf(ProviderIdParse.Unparseable.class);
    assertThat(((ProviderIdParse.Unparseable) parse).reason()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "kind://docker/kind/kind-worker"})
  void nodeWithUnparseableProviderIdIsUnmanagedWithTheReason(String providerId) {
    NodeRecord node = NodeRecord.of("worker", providerId, "1");

    assertThat(node.managed()).isFalse();
    assertThat(node.unmanagedReason()).isNotBlank();
  }
}
