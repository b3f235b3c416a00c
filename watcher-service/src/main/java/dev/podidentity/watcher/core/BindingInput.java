package dev.podidentity.watcher.core;

/**
 * What the watcher reads from an AzureIdentityBinding; {@code readError} as in IdentityInput,
 * {@code eager} the raw value of its eager annotation (null when absent).
 */
public record BindingInput(
    ObjectRef ref,
    String azureIdentity,
    String selector,
    String eager,
    String resourceVersion,
    String readError) {

  public BindingInput(
      ObjectRef ref,
      String azureIdentity,
      String selector,
      String resourceVersion,
      String readError) {
    this(ref, azureIdentity, selector, null, resourceVersion, readError);
  }

  public static BindingInput unreadable(ObjectRef ref, String resourceVersion, String error) {
    return new BindingInput(ref, null, null, resourceVersion, error);
  }
}
