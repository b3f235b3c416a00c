package dev.podidentity.assigner.port;

import dev.podidentity.assigner.core.CloudIdentity;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.events.ComputeTarget;
import java.util.Map;

/**
 * The cloud as the assigner needs it: read a target's user-assigned identities, and change them by
 * a delta. Calls block (the Azure SDK's are made on worker threads) and fail with {@link
 * CloudException}, classified so the caller knows whether and when to retry.
 */
public interface CloudPort {
  /** User-assigned identities on the target, by lowercase resource id. */
  Map<String, CloudIdentity> identities(ComputeTarget target);

  /**
   * Adds and removes identities in one request (at most {@link Delta#MAX_IDENTITIES_PER_REQUEST})
   * and returns the target's identities afterwards. Never touches anything outside the delta.
   */
  Map<String, CloudIdentity> update(ComputeTarget target, Delta delta);

  /**
   * Whether the user-assigned identity exists: false only on ARM's definite "not found"; any other
   * answer (a read it may not make, a failure) is true, so an identity is never held back on doubt.
   * A read of the identity, not of a target: it spends no target's PATCH budget.
   */
  boolean identityExists(String resourceId);
}
