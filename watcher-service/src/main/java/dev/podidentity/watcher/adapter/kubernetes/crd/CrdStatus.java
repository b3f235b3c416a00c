package dev.podidentity.watcher.adapter.kubernetes.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The status of the user-written CRDs: aad-pod-identity only ever set replica counts there. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrdStatus {
  @JsonProperty("availableReplicas")
  public Integer availableReplicas;
}
