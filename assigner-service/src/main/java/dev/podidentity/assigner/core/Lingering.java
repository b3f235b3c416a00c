package dev.podidentity.assigner.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Owned identities on a target that no pod references any more, and since when: those still within
 * the linger time are kept (a pod coming back soon finds its identity), the others may go.
 *
 * @param since when each owned, unreferenced identity on the target became unreferenced
 * @param kept those still within the linger time
 * @param nextDueNanos when the first of {@code kept} falls due, from now; -1 when none
 */
public record Lingering(Map<String, Long> since, Set<String> kept, long nextDueNanos) {
  public static final Lingering NONE = new Lingering(Map.of(), Set.of(), -1);

  public Lingering {
    since = Map.copyOf(since);
    kept = Set.copyOf(kept);
  }

  /**
   * The lingering state at {@code now}, from the previous one ({@code since}): an identity keeps
   * its start while it stays unreferenced, starts now when it becomes so, and is forgotten when it
   * is referenced again or leaves the target.
   */
  public static Lingering at(
      long now,
      long lingerNanos,
      Collection<String> owned,
      Set<String> onTarget,
      TargetPlan plan,
      Map<String, Long> since) {
    if (lingerNanos <= 0) {
      return NONE;
    }
    Map<String, Long> next = new HashMap<>();
    Set<String> kept = new HashSet<>();
    long due = -1;
    for (String id : owned) {
      if (onTarget.contains(id) && plan.referenceCount(id) == 0) {
        long from = since.getOrDefault(id, now);
        next.put(id, from);
        if (now - from < lingerNanos) {
          kept.add(id);
          long left = from + lingerNanos - now;
          due = due < 0 ? left : Math.min(due, left);
        }
      }
    }
    return new Lingering(next, kept, due);
  }
}
