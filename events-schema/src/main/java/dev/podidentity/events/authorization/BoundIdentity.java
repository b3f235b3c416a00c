package dev.podidentity.events.authorization;

import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;

/**
 * An identity a pod may use: the AzureIdentity as configured plus the principal (object) id the
 * assigner learnt from the cloud, which is null until then and in managed mode.
 */
public record BoundIdentity(IdentityRecord identity, String principalId) {

  public String namespace() {
    return identity.namespace();
  }

  public String name() {
    return identity.name();
  }

  public IdentityType type() {
    return identity.type();
  }

  public String clientId() {
    return identity.clientId();
  }

  public String resourceId() {
    return identity.resourceId();
  }

  /**
   * A stable cache key: the same identity always maps to the same key whatever pod asks. For a
   * service principal the key includes where its credential lives and its authority: two
   * AzureIdentities naming one client id but different Secrets must not share tokens, or an
   * identity with a wrong (or no) secret would be served tokens fetched with another's.
   */
  public String cacheKey() {
    // A federated identity's tokens come from Entra, not IMDS: never share them with a plain
    // type 0 identity of the same client id. The pod's service account is added by the cache.
    return (identity.federated() ? "federated|" : "")
        + identity.type().code()
        + "|"
        + (identity.clientId() != null
            ? identity.clientId().toLowerCase(java.util.Locale.ROOT)
            : "")
        + "|"
        + (identity.resourceId() != null
            ? identity.resourceId().toLowerCase(java.util.Locale.ROOT)
            : "")
        + "|"
        + (identity.tenantId() != null ? identity.tenantId() : "")
        + (identity.needsCloudAssignment()
            ? ""
            : "|"
                + (identity.clientPassword() != null
                    ? identity.clientPassword().namespace() + "/" + identity.clientPassword().name()
                    : "")
                + "|"
                + (identity.adEndpoint() != null ? identity.adEndpoint() : ""));
  }
}
