package dev.podidentity.azuresim.state;

import java.util.List;

/**
 * A federated identity credential on a user-assigned identity: Entra trusts tokens from {@code
 * issuer} whose {@code sub} is {@code subject} and whose {@code aud} holds one of {@code
 * audiences}, in exchange for tokens of that identity.
 *
 * @param identityId the parent identity's resource id, as created
 * @param name the credential's name (unique per identity, case-insensitively, as ARM names are)
 */
public record FederatedCredential(
    String identityId, String name, String issuer, String subject, List<String> audiences) {

  /** The ARM resource id of the credential. */
  public String id() {
    return identityId + "/federatedIdentityCredentials/" + name;
  }
}
