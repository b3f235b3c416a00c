package dev.podidentity.assigner.core;

import dev.podidentity.events.PodRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A pod and the identities it is bound to, in a deterministic order. */
public record PodPlan(PodRecord pod, List<PlannedIdentity> identities) {
  public PodPlan {
    identities = List.copyOf(identities);
  }

  /**
   * The resource ids this pod holds a reference to on its target: those that must be there, each
   * once (two bindings of one pod to the same identity still make one reference).
   */
  public Set<String> references() {
    Set<String> ids = new LinkedHashSet<>(2);
    for (PlannedIdentity p : identities) {
      if (p.needsCloud()) {
        ids.add(p.resourceId());
      }
    }
    return ids;
  }
}
