package dev.podidentity.assigner.core;

import dev.podidentity.events.PodRecord;
import java.util.List;

/** A pod and the identities it is bound to, in a deterministic order. */
public record PodPlan(PodRecord pod, List<PlannedIdentity> identities) {
  public PodPlan {
    identities = List.copyOf(identities);
  }
}
