package dev.podidentity.assigner.core;

import dev.podidentity.events.IdentityType;

/**
 * One identity a pod is bound to, through one binding. {@code failure} is set when it can never be
 * assigned as configured (identity missing or invalid); such an identity is never sent to the cloud
 * and the pod sees FAILED with that reason. {@code federated} as on the identity's record.
 */
public record PlannedIdentity(
    ObjectRef identity,
    String bindingName,
    IdentityType type,
    boolean federated,
    String resourceId,
    String clientId,
    String failure) {

  /**
   * Whether this identity must be on the pod's compute target: only a valid type 0 that is not
   * federated (a federated identity's tokens come from Entra, like a service principal's).
   */
  public boolean needsCloud() {
    return failure == null && type.needsCloudAssignment() && !federated;
  }
}
