package dev.podidentity.watcher.core;

/**
 * A Kubernetes Warning Event to record on an object, e.g. an AzureIdentity whose resourceID is not
 * a user-assigned identity id. Raised when the invalid projection is published, so an unchanged
 * invalid object does not repeat it on every update.
 */
public record Warning(ObjectRef object, String reason, String message) {
  public static final String INVALID_IDENTITY = "InvalidAzureIdentity";
  public static final String INVALID_BINDING = "InvalidAzureIdentityBinding";
  public static final String INVALID_EAGER = "InvalidEagerAnnotation";
  public static final String INVALID_EXCEPTION = "InvalidAzurePodIdentityException";
}
