package dev.podidentity.events;

/** The outcome of parsing a node's {@code spec.providerID}: a target, or the reason it is none. */
public sealed interface ProviderIdParse {

  /** A node on a scale set ({@code instanceId} is the VM's instance id) or a standalone VM. */
  record Parsed(ComputeTarget target, String instanceId) implements ProviderIdParse {}

  /**
   * Not an Azure VM or scale-set instance; such a node is unmanaged and its pods never assigned.
   */
  record Unparseable(String providerId, String reason) implements ProviderIdParse {}
}
