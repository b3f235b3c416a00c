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

  /**
   * The phase of a pod's {@code status.phase} as the API spells it: none yet is Pending, one this
   * version does not know is Unknown.
   */
  public static PodPhase ofApi(String phase) {
    if (phase == null || phase.isBlank()) {
      return PENDING;
    }
    for (PodPhase p : values()) {
      if (p.name().equalsIgnoreCase(phase)) {
        return p;
      }
    }
    return UNKNOWN;
  }

  /** Succeeded and Failed pods hold no identities. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
