package dev.podidentity.nmi.core;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.BoundIdentity;

/**
 * Whose token a pod's request is served: the one rule of which requests may share a cached token.
 * Only a federated identity's token depends on the pod: Entra gave it to the pod's service account,
 * so pods of another account never get it. Every other identity's token is the same for every pod.
 */
public final class TokenScope {
  private TokenScope() {}

  /**
   * What {@code pod}'s requests add to {@code identity}'s cache key: empty, or the service account
   * ({@code |sa:namespace/name}) for a federated identity.
   */
  public static String suffix(BoundIdentity identity, PodRecord pod) {
    if (identity.identity().federated() && pod != null) {
      return "|sa:" + pod.namespace() + "/" + pod.serviceAccount();
    }
    return "";
  }

  /** The key of the token {@code pod} would be served of {@code identity}, for any resource. */
  public static String key(BoundIdentity identity, PodRecord pod) {
    return identity.cacheKey() + suffix(identity, pod);
  }
}
