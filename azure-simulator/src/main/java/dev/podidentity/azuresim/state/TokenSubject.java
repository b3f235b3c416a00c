package dev.podidentity.azuresim.state;

/**
 * Whom a token is for: the ids IMDS and Entra put into {@code appid}, {@code oid} and {@code
 * xms_mirid}.
 *
 * @param resourceId the managed identity's (or VM's, for a system identity) resource id; null for a
 *     service principal
 */
public record TokenSubject(String clientId, String principalId, String resourceId) {

  /** A user-assigned identity, whether its token comes from IMDS or a federated exchange. */
  public static TokenSubject of(ManagedIdentity mi) {
    return new TokenSubject(mi.clientId(), mi.principalId(), mi.id());
  }
}
