package dev.podidentity.azuresim.state;

/**
 * A user-assigned managed identity ({@code Microsoft.ManagedIdentity/userAssignedIdentities}).
 *
 * @param id resource id as created (ARM answers with the lowercased form in identity maps)
 */
public record ManagedIdentity(
    String id,
    String subscriptionId,
    String resourceGroup,
    String name,
    String location,
    String tenantId,
    String clientId,
    String principalId) {

  public String key() {
    return id.toLowerCase(java.util.Locale.ROOT);
  }
}
