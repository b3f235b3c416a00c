package dev.podidentity.watcher.adapter.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** AzureAssignedIdentity status: {@code Created}, {@code Assigned} or {@code Unassigned}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureAssignedIdentityStatus {
  @JsonProperty("status")
  public String status;

  @JsonProperty("availableReplicas")
  public Integer availableReplicas;
}
