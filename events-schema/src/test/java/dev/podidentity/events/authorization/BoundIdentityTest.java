package dev.podidentity.events.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.SecretRef;
import org.junit.jupiter.api.Test;

class BoundIdentityTest {
  static BoundIdentity of(IdentityType type, String ns, SecretRef secret, String adEndpoint) {
    return of(type, ns, secret, adEndpoint, false);
  }

  static BoundIdentity of(
      IdentityType type, String ns, SecretRef secret, String adEndpoint, boolean federated) {
    return new BoundIdentity(
        new IdentityRecord(
            1,
            ns,
            "id",
            type,
            null,
            "client",
            "tenant",
            secret,
            null,
            null,
            adEndpoint,
            false,
            federated,
            true,
            null,
            "1"),
        null);
  }

  @Test
  void servicePrincipalsWithOneClientIdButDifferentSecretsNeverShareTokens() {
    BoundIdentity real =
        of(IdentityType.SERVICE_PRINCIPAL, "team-a", new SecretRef("team-a", "sp"), null);
    BoundIdentity impostor =
        of(IdentityType.SERVICE_PRINCIPAL, "team-b", new SecretRef("team-b", "bogus"), null);
    BoundIdentity sameSecretElsewhere =
        of(IdentityType.SERVICE_PRINCIPAL, "team-c", new SecretRef("team-a", "sp"), null);

    assertThat(real.cacheKey()).isNotEqualTo(impostor.cacheKey());
    assertThat(real.cacheKey()).isEqualTo(sameSecretElsewhere.cacheKey());
  }

  @Test
  void servicePrincipalsOfDifferentAuthoritiesOrTypesNeverShareTokens() {
    SecretRef s = new SecretRef("ns", "sp");
    assertThat(of(IdentityType.SERVICE_PRINCIPAL, "ns", s, null).cacheKey())
        .isNotEqualTo(of(IdentityType.SERVICE_PRINCIPAL, "ns", s, "https://other/").cacheKey())
        .isNotEqualTo(of(IdentityType.SERVICE_PRINCIPAL_CERTIFICATE, "ns", s, null).cacheKey());
  }

  @Test
  void managedIdentitiesKeepTheirKeyWhateverTheSecretFields() {
    assertThat(of(IdentityType.USER_ASSIGNED_MSI, "a", new SecretRef("a", "x"), "h").cacheKey())
        .isEqualTo(of(IdentityType.USER_ASSIGNED_MSI, "b", null, null).cacheKey());
  }

  @Test
  void aFederatedIdentityNeverSharesTokensWithTheSameClientIdServedByImds() {
    assertThat(of(IdentityType.USER_ASSIGNED_MSI, "a", null, null, true).cacheKey())
        .isNotEqualTo(of(IdentityType.USER_ASSIGNED_MSI, "a", null, null, false).cacheKey());
  }
}
