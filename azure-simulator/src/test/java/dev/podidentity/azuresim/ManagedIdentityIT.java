package dev.podidentity.azuresim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.UserAssignedIdentitiesClient;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** User-assigned identities through azure-resourcemanager-msi. */
class ManagedIdentityIT {

  static final String SUB = UUID.randomUUID().toString();
  static final String RG = "rg-msi";
  static AzureSimulator sim;
  static UserAssignedIdentitiesClient identities;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    MsiManager msi = SdkClients.msi(sim, SUB);
    identities = msi.serviceClient().getUserAssignedIdentities();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void createsGetsListsAndDeletesIdentitiesWithUuidIds() {
    IdentityInner created =
        identities.createOrUpdate(
            RG, "app-identity", new IdentityInner().withLocation("westeurope"));

    assertThat(UUID.fromString(created.clientId().toString())).isNotNull();
    assertThat(UUID.fromString(created.principalId().toString())).isNotNull();
    assertThat(identities.getByResourceGroup(RG, "app-identity").clientId())
        .isEqualTo(created.clientId());
    assertThat(
            identities
                .createOrUpdate(RG, "app-identity", new IdentityInner().withLocation("westeurope"))
                .clientId())
        .isEqualTo(created.clientId());
    assertThat(identities.listByResourceGroup(RG).stream().map(IdentityInner::name))
        .containsExactly("app-identity");

    identities.delete(RG, "app-identity");

    assertThat(identities.listByResourceGroup(RG).stream()).isEmpty();
    assertThatThrownBy(() -> identities.getByResourceGroup(RG, "app-identity"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound"));
  }
}
