package dev.podidentity.assigner.core;

import dev.podidentity.events.ComputeTarget;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one compute target should carry: each user-assigned identity with the number of active pods
 * on the target that use it plus the eager bindings that keep it there, and each active bound pod's
 * plan. An identity absent from {@code desired} has a reference count of zero.
 */
public record TargetPlan(
    ComputeTarget target, SortedMap<String, Integer> desired, List<PodPlan> pods) {
  public TargetPlan {
    // A snapshot of kept counts is immutable already: copying it again is what it saves.
    desired =
        desired instanceof ReferenceCounts.Snapshot
            ? desired
            : Collections.unmodifiableSortedMap(new TreeMap<>(desired));
    pods = List.copyOf(pods);
  }

  public int referenceCount(String resourceId) {
    return desired.getOrDefault(resourceId, 0);
  }
}
