package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Kubernetes pod phases, spelt as the API spells them. An unknown future phase reads as Unknown.
 */
public enum PodPhase {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED,
  @JsonProperty("Unknown")
  @JsonEnumDefaultValue
  UNKNOWN;

  /** Succeeded and Failed pods hold no identities. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
