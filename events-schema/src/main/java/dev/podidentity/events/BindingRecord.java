package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An AzureIdentityBinding: pods labelled {@code aadpodidbinding: <selector>} get the identity named
 * {@code azureIdentity}. A binding without a selector is published with {@code valid=false}. {@code
 * eager} is the binding's {@link Eager} annotation, normalised (absent: the default).
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
    String eager,
    String resourceVersion)
    implements ConfigRecord {

  public BindingRecord {
    Require.version(schemaVersion);
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    if (!valid && (invalidReason == null || invalidReason.isBlank())) {
      throw new IllegalArgumentException("an invalid binding needs 'invalidReason'");
    }
    eager = Eager.normalise(eager);
  }

  /** A binding without the eager annotation (it follows the assigner's default). */
  public BindingRecord(
      int schemaVersion,
      String namespace,
      String name,
      String azureIdentity,
      String selector,
      boolean valid,
      String invalidReason,
      String resourceVersion) {
    this(
        schemaVersion,
        namespace,
        name,
        azureIdentity,
        selector,
        valid,
        invalidReason,
        null,
        resourceVersion);
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
