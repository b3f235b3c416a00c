package dev.podidentity.watcher.core;

import java.util.List;
import java.util.Map;

/**
 * What the watcher reads from an AzureIdentity, with aad-pod-identity's fields. {@code type} is the
 * raw text of {@code spec.type} (null when absent, which means 0) so that a malformed value becomes
 * a reason instead of an error; {@code readError} is set when the spec could not be read at all.
 */
public record IdentityInput(
    ObjectRef ref,
    String type,
    String resourceId,
    String clientId,
    String tenantId,
    String passwordSecretName,
    String passwordSecretNamespace,
    List<String> auxiliaryTenantIds,
    String adResourceId,
    String adEndpoint,
    Map<String, String> annotations,
    String resourceVersion,
    String readError) {

  /** An identity whose spec could not be read; it is published invalid with {@code error}. */
  public static IdentityInput unreadable(ObjectRef ref, String resourceVersion, String error) {
    return new IdentityInput(
        ref,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        Map.of(),
        resourceVersion,
        error);
  }
}
