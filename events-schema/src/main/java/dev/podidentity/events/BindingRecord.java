package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An AzureIdentityBinding: pods labelled {@code aadpodidbinding: <selector>} get the identity named
 * {@code azureIdentity}. A binding without a selector is published with {@code valid=false}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String name,
    String azureIdentity,
    String selector,
    @JsonProperty(required = true) boolean valid,
    String invalidReason,
    String resourceVersion)
    implements ConfigRecord {

  public BindingRecord {
    Require.version(schemaVersion);
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    if (!valid && (invalidReason == null || invalidReason.isBlank())) {
      throw new IllegalArgumentException("an invalid binding needs 'invalidReason'");
    }
  }

  @Override
  @JsonIgnore
  public String kind() {
    return AZURE_IDENTITY_BINDING;
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.azureidentitybinding.v1";
  }
}
