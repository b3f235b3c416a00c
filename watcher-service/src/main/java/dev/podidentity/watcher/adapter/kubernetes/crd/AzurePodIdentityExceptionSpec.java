package dev.podidentity.watcher.adapter.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** AzurePodIdentityException spec. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
// aad-pod-identity's Go decoder matched field names case-insensitively, so objects in the wild
// say ResourceID, ClientID, AzureIdentity or Selector; they must keep working unchanged.
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public class AzurePodIdentityExceptionSpec {
  @JsonProperty("podLabels")
  public Map<String, String> podLabels;
}
