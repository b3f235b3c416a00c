package dev.podidentity.assigner.core;

import java.util.Locale;

/**
 * A user-assigned identity as the cloud reports it on a target: its lowercase resource id and the
 * ids ARM returns with it. {@code clientId} decides immutability (operators name immutable
 * identities by client id, as aad-pod-identity did).
 */
public record CloudIdentity(String resourceId, String clientId, String principalId) {
  public CloudIdentity {
    resourceId = resourceId.toLowerCase(Locale.ROOT);
  }
}
