package dev.podidentity.local.core;

/**
 * The {@code spec.providerID} AKS writes on a Node of a scale-set pool, so the watcher parses the
 * simulated nodes exactly as it parses real ones.
 */
public final class ProviderIdBuilder {
  private ProviderIdBuilder() {}

  public static String scaleSetInstance(
      String subscription, String resourceGroup, String scaleSet, String instanceId) {
    require(subscription, "subscription");
    require(resourceGroup, "resourceGroup");
    require(scaleSet, "scaleSet");
    require(instanceId, "instanceId");
    return "azure:///subscriptions/"
        + subscription
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.Compute/virtualMachineScaleSets/"
        + scaleSet
        + "/virtualMachines/"
        + instanceId;
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException(name + " must be a non-empty path segment: " + value);
    }
  }
}
