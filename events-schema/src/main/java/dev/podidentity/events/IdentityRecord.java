package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An AzureIdentity, with aad-pod-identity's field names. {@code namespaced} is true when the object
 * carries {@code aadpodidentity.k8s.io/Behavior: namespaced}. The watcher validates it: {@code
 * valid} false with {@code invalidReason} is still published, so assignments can report the reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String name,
    @JsonProperty(required = true) IdentityType type,
    String resourceId,
    String clientId,
    String tenantId,
    SecretRef clientPassword,
    List<String> auxiliaryTenantIds,
    String adResourceId,
    String adEndpoint,
    boolean namespaced,
    @JsonProperty(required = true) boolean valid,
    String invalidReason,
    String resourceVersion)
    implements ConfigRecord {

  public IdentityRecord {
    Require.version(schemaVersion);
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    Require.present(type, "type");
    auxiliaryTenantIds = Require.list(auxiliaryTenantIds);
    if (!valid && (invalidReason == null || invalidReason.isBlank())) {
      throw new IllegalArgumentException("an invalid identity needs 'invalidReason'");
    }
  }

  @Override
  @JsonIgnore
  public String kind() {
    return AZURE_IDENTITY;
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.azureidentity.v1";
  }
}
