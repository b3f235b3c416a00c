package dev.podidentity.cli.port;

import dev.podidentity.events.ComputeTarget;
import java.util.Set;

/** Azure, read only: a user-assigned identity's client id, and the identities on a target. */
public interface CloudIdentities {
  /** The client id of the user-assigned identity with this resource id. */
  String clientIdOf(String resourceId);

  /** The user-assigned identities (resource ids, lowercase) on a scale set or a standalone VM. */
  Set<String> identitiesOf(ComputeTarget target);

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
