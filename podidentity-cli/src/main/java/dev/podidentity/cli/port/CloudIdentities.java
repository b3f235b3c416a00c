package dev.podidentity.cli.port;

import dev.podidentity.cli.core.FederatedCredential;
import dev.podidentity.events.ComputeTarget;
import java.util.List;
import java.util.Set;

/**
 * Azure: a user-assigned identity's client id and federated credentials, the identities on a
 * target, and the one write, a federated credential for {@code identity add --federated}.
 */
public interface CloudIdentities {
  /** A user-assigned identity's client id and tenant id, as ARM has them. */
  record IdentityIds(String clientId, String tenantId) {}

  /** The ids of the user-assigned identity with this resource id. */
  IdentityIds idsOf(String resourceId);

  /** The client id of the user-assigned identity with this resource id. */
  default String clientIdOf(String resourceId) {
    return idsOf(resourceId).clientId();
  }

  /** The user-assigned identities (resource ids, lowercase) on a scale set or a standalone VM. */
  Set<String> identitiesOf(ComputeTarget target);

  /** The federated identity credentials of the user-assigned identity with this resource id. */
  List<FederatedCredential> federatedCredentialsOf(String resourceId);

  /** Creates the credential on that identity, or replaces the one of the same name. */
  void putFederatedCredential(String resourceId, FederatedCredential credential);

  /**
   * No credential could get a token for ARM (none configured, none found, or refused): the one
   * error that stops every call, as opposed to an answer about one resource.
   */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
