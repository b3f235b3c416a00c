package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An AzurePodIdentityException: pods in its namespace with any of {@code podLabels} bypass NMI and
 * talk to IMDS directly.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExceptionRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String namespace,
    @JsonProperty(required = true) String name,
    Map<String, String> podLabels,
    String resourceVersion)
    implements ConfigRecord {

  public ExceptionRecord {
    Require.version(schemaVersion);
    Require.text(namespace, "namespace");
    Require.text(name, "name");
    podLabels = Require.map(podLabels);
  }

  @Override
  @JsonIgnore
  public String kind() {
    return AZURE_POD_IDENTITY_EXCEPTION;
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.azurepodidentityexception.v1";
  }
}
