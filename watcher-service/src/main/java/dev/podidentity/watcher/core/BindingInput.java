package dev.podidentity.watcher.core;

/** What the watcher reads from an AzureIdentityBinding; {@code readError} as in IdentityInput. */
public record BindingInput(
    ObjectRef ref,
    String azureIdentity,
    String selector,
    String resourceVersion,
    String readError) {

  public static BindingInput unreadable(ObjectRef ref, String resourceVersion, String error) {
    return new BindingInput(ref, null, null, resourceVersion, error);
  }
}
