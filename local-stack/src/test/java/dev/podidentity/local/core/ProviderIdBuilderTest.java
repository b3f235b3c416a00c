package dev.podidentity.local.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ProviderIdParse;
import dev.podidentity.events.ProviderIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderIdBuilderTest {

  @Test
  void buildsWhatAksWritesOnScaleSetNodes() {
    assertThat(ProviderIdBuilder.scaleSetInstance("sub", "MC_rg", "aks-np-vmss", "3"))
        .isEqualTo(
            "azure:///subscriptions/sub/resourceGroups/MC_rg/providers/Microsoft.Compute/"
                + "virtualMachineScaleSets/aks-np-vmss/virtualMachines/3");
  }

  @Test
  void theContractParsesWhatItBuilds() {
    String id = ProviderIdBuilder.scaleSetInstance("sub", "MC_rg", "aks-np-vmss", "0");
    ProviderIdParse parsed = ProviderIds.parse(id);
    assertThat(parsed).isInstanceOf(ProviderIdParse.Parsed.class);
    ProviderIdParse.Parsed p = (ProviderIdParse.Parsed) parsed;
    assertThat(p.target()).isEqualTo(ComputeTarget.scaleSet("sub", "MC_rg", "aks-np-vmss"));
    assertThat(p.instanceId()).isEqualTo("0");
  }

  @ParameterizedTest(name = "refuses {0}={1}")
  @CsvSource({"subscription,''", "resourceGroup,a/b", "scaleSet,' '", "instanceId,''"})
  void refusesEmptyOrNestedSegments(String field, String value) {
    String sub = field.equals("subscription") ? value : "sub";
    String rg = field.equals("resourceGroup") ? value : "rg";
    String vmss = field.equals("scaleSet") ? value : "vmss";
    String instance = field.equals("instanceId") ? value : "0";
    assertThatThrownBy(() -> ProviderIdBuilder.scaleSetInstance(sub, rg, vmss, instance))
        .hasMessageContaining(field);
  }
}
