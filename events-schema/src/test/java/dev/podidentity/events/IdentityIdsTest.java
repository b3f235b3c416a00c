package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityIdsTest {
  static final String ID =
      "/subscriptions/s-1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app-id";

  @ParameterizedTest(name = "[{0}] is a user-assigned identity id: {1}")
  @CsvSource({
    "'" + ID + "', true",
    "'  " + ID + "  ', true",
    "'/SUBSCRIPTIONS/S/RESOURCEGROUPS/R/PROVIDERS/MICROSOFT.MANAGEDIDENTITY/USERASSIGNEDIDENTITIES/X', true",
    "'" + ID + "/extra', false",
    "'/subscriptions/s/resourcegroups/r/providers/microsoft.compute/virtualmachines/x', false",
    "'/subscriptions/s/resourcegroups/r/providers/microsoft.managedidentity/userassignedidentities/', false",
    "'/subscriptions/s/resourcegroups/r g/providers/microsoft.managedidentity/userassignedidentities/x', false",
    "'client-id-not-a-resource-id', false",
    "'', false",
  })
  void validatesAResourceId(String id, boolean valid) {
    assertThat(IdentityIds.isUserAssigned(id)).isEqualTo(valid);
  }

  @Test
  void nullIsNoId() {
    assertThat(IdentityIds.isUserAssigned(null)).isFalse();
  }

  @Test
  void findsTheIdsArmNamesInItsMessages() {
    String other = ID.replace("app-id", "other");
    String message =
        "Identities '" + ID + "', \"" + other + "\"; are not found (code IdentityNotFound).";
    List<String> found = new ArrayList<>();
    Matcher m = IdentityIds.in(message);
    while (m.find()) {
      found.add(m.group());
    }

    assertThat(found).containsExactly(ID, other);
  }
}
