package dev.podidentity.cli.core;

import java.util.List;

/**
 * A federated identity credential of a user-assigned identity, as ARM holds it: Entra accepts a
 * token whose {@code iss} is {@code issuer}, whose {@code sub} is {@code subject} and whose {@code
 * aud} is one of {@code audiences} in exchange for the identity's token.
 */
public record FederatedCredential(
    String name, String issuer, String subject, List<String> audiences) {
  public FederatedCredential {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
  }
}
