package dev.podidentity.assigner.core;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One target's pods and its plan kept up to date as they change, so that planning a target costs
 * what changed on it rather than an evaluation of every pod (P7b: a batch of 50 pods at 150,000
 * pods touches up to 50 scale sets of ~1,500 pods each). The result is always {@link
 * Planner#plan}'s: each pod's plan and reference counts are kept as pods come and go, against one
 * version of the configuration. Any config change makes them stale, and the next plan rebuilds them
 * in full: bindings and identities can change every pod's plan, and change rarely. Eager references
 * are kept for the configuration version and node pools they were computed for.
 */
final class TargetIndex {
  private final Map<String, PodRecord> pods = new HashMap<>();
  // The bound, active pods' plans in the planner's order (two lists, one index: a plan is then
  // copied as one array, where walking a tree of 1,500 entries cost most of a batch), and what they
  // reference: valid only while `built` is the config version the caller plans against.
  private final List<Slot> slots = new ArrayList<>();
  private final List<PodPlan> plans = new ArrayList<>();
  private final ReferenceCounts references = new ReferenceCounts();
  private long built = -1;
  private SortedMap<String, Integer> eager = new TreeMap<>();
  private Set<String> eagerPools;
  private long eagerBuilt = -1;

  /** Where a pod's plan sorts: the planner's order (namespace, name, uid), then the key. */
  private record Slot(String namespace, String name, String uid, String key)
      implements Comparable<Slot> {
    private static final Comparator<Slot> ORDER =
        Comparator.comparing(Slot::namespace)
            .thenComparing(Slot::name)
            .thenComparing(Slot::uid)
            .thenComparing(Slot::key);

    static Slot of(String key, PodRecord pod) {
      return new Slot(pod.namespace(), pod.name(), pod.uid(), key);
    }

    @Override
    public int compareTo(Slot other) {
      return ORDER.compare(this, other);
    }
  }

  /** A pod record for {@code key} arrives on this target (new, or a change of one already here). */
  void put(String key, PodRecord pod, Planner planner, ConfigIndex config, long version) {
    PodRecord old = pods.put(key, pod);
    if (built == version) {
      unplan(key, old);
      plan(key, pod, planner, config);
    }
  }

  /** The pod of {@code key} left this target (deleted, or moved to another). */
  void remove(String key, long version) {
    PodRecord old = pods.remove(key);
    if (built == version) {
      unplan(key, old);
    }
  }

  boolean isEmpty() {
    return pods.isEmpty();
  }

  Collection<PodRecord> pods() {
    return pods.values();
  }

  /**
   * The target's plan against config {@code version}.
   *
   * @param pools the target's node pools, null when it has no node
   */
  TargetPlan plan(
      ComputeTarget target, Set<String> pools, Planner planner, ConfigIndex config, long version) {
    if (built != version) {
      rebuild(planner, config);
      built = version;
    }
    // Both copied (two arrays each): the plan is a snapshot the caller reads after the state moved
    // on.
    return new TargetPlan(
        target, references.snapshot(eager(pools, planner, config, version)), List.copyOf(plans));
  }

  private SortedMap<String, Integer> eager(
      Set<String> pools, Planner planner, ConfigIndex config, long version) {
    if (eagerBuilt != version || !Objects.equals(eagerPools, pools)) {
      eager = planner.eagerReferences(pools, config);
      eagerPools = pools;
      eagerBuilt = version;
    }
    return eager;
  }

  private void rebuild(Planner planner, ConfigIndex config) {
    TreeMap<Slot, PodPlan> sorted = new TreeMap<>();
    references.clear();
    pods.forEach(
        (key, pod) -> {
          PodPlan plan = planner.podPlan(pod, config);
          if (plan != null) {
            sorted.put(Slot.of(key, pod), plan);
            reference(plan);
          }
        });
    slots.clear();
    slots.addAll(sorted.keySet());
    plans.clear();
    plans.addAll(sorted.values());
  }

  private void plan(String key, PodRecord pod, Planner planner, ConfigIndex config) {
    PodPlan plan = pod == null ? null : planner.podPlan(pod, config);
    if (plan == null) {
      return;
    }
    // The pod's slot is free: unplan took its previous plan out.
    Slot slot = Slot.of(key, pod);
    int at = -Collections.binarySearch(slots, slot) - 1;
    slots.add(at, slot);
    plans.add(at, plan);
    reference(plan);
  }

  private void reference(PodPlan plan) {
    plan.references().forEach(id -> references.add(id, 1));
  }

  private void unplan(String key, PodRecord old) {
    int at = old == null ? -1 : Collections.binarySearch(slots, Slot.of(key, old));
    if (at < 0) {
      return;
    }
    slots.remove(at);
    PodPlan plan = plans.remove(at);
    plan.references().forEach(id -> references.add(id, -1));
  }
}
