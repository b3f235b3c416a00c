package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityKindTest {
  @Test
  void aFederatedIdentitySaysWhereItsTokensComeFrom() {
    assertThat(AssignmentSteps.kind(Events.identity("fed", true)))
        .contains("federated identity", "podidentity.k8s.io/federated", "service account");
    assertThat(AssignmentSteps.kind(Events.identity("plain", false)))
        .isEqualTo("user-assigned managed identity (type 0)");
  }
}
