package dev.podidentity.assigner.core;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The assigner's view of the cluster, rebuilt by replaying the compacted topics. Every change
 * returns the targets whose plan it may change, so only those are planned again, and each target's
 * plan is kept up to date as its pods change ({@link TargetIndex}), so planning costs what changed.
 * Not thread-safe: the caller serialises access.
 */
public final class AssignerState {
  private final Map<String, PodRecord> podsByKey = new HashMap<>();
  private final Map<ComputeTarget, TargetIndex> podsByTarget = new HashMap<>();
  private final Planner planner;
  private final ConfigIndex config;
  // Bumped by every config change: each target's plan made against an older one is rebuilt.
  private long configVersion;
  private final Map<ComputeTarget, LedgerRecord> ledgers = new HashMap<>();
  private final Map<String, NodeRecord> nodes = new HashMap<>();
  private final Map<ComputeTarget, Map<String, String>> poolsByTarget = new HashMap<>();
  private Map<ComputeTarget, Set<String>> claims = new HashMap<>();

  public AssignerState() {
    this(false);
  }

  public AssignerState(boolean eagerByDefault) {
    this(eagerByDefault, new Planner(false));
  }

  /**
   * @param eagerByDefault whether a binding without the eager annotation keeps its identity on
   *     every target with nodes
   * @param planner the rules {@link #plan(ComputeTarget)} plans by
   */
  public AssignerState(boolean eagerByDefault, Planner planner) {
    this.config = new ConfigIndex(eagerByDefault);
    this.planner = planner;
  }

  /**
   * A node record or tombstone for node {@code name}. Returns the targets whose plan it changes:
   * those whose node pools changed, and only when they have something to plan (a target that
   * nothing concerns is never read from the cloud).
   */
  public Set<ComputeTarget> node(String name, NodeRecord node) {
    NodeRecord old = node == null ? nodes.remove(name) : nodes.put(name, node);
    Map<ComputeTarget, Set<String>> before = new HashMap<>(2);
    Set<ComputeTarget> concerned = new HashSet<>(2);
    if (old != null && old.target() != null) {
      before.put(old.target(), poolsIfKnown(old.target()));
      if (concerns(old.target())) {
        concerned.add(old.target()); // an eager identity there may have to go
      }
      Map<String, String> same = poolsByTarget.get(old.target());
      same.remove(name);
      if (same.isEmpty()) {
        poolsByTarget.remove(old.target());
      }
    }
    if (node != null && node.target() != null) {
      before.putIfAbsent(node.target(), poolsIfKnown(node.target()));
      poolsByTarget
          .computeIfAbsent(node.target(), t -> new HashMap<>())
          .put(name, node.pool() == null ? "" : node.pool());
    }
    Set<ComputeTarget> changed = new HashSet<>(2);
    before.forEach(
        (target, pools) -> {
          if (!Objects.equals(pools, poolsIfKnown(target))
              && (concerned.contains(target) || concerns(target))) {
            changed.add(target);
          }
        });
    return changed;
  }

  private Set<String> poolsIfKnown(ComputeTarget target) {
    return poolsByTarget.containsKey(target) ? poolsOf(target) : null;
  }

  /** Whether anything is to be planned on the target: pods, a ledger, claims, eager bindings. */
  private boolean concerns(ComputeTarget target) {
    return podsByTarget.containsKey(target)
        || ledgers.containsKey(target)
        || claims.containsKey(target)
        || (poolsByTarget.containsKey(target) && !config.eagerBindings(poolsOf(target)).isEmpty());
  }

  /** The node pools of the target's nodes (empty when no node of it says its pool). */
  public Set<String> poolsOf(ComputeTarget target) {
    Map<String, String> byNode = poolsByTarget.get(target);
    if (byNode == null) {
      return Set.of();
    }
    Set<String> pools = new HashSet<>(byNode.values());
    pools.remove("");
    return pools;
  }

  /** A pod record or tombstone ({@code pod == null}) for {@code key} of the pods topic. */
  public Set<ComputeTarget> pod(String key, PodRecord pod) {
    Set<ComputeTarget> affected = new HashSet<>(2);
    PodRecord old = pod == null ? podsByKey.remove(key) : podsByKey.put(key, pod);
    if (old != null && old.target() != null && !old.target().equals(targetOf(pod))) {
      TargetIndex same = podsByTarget.get(old.target());
      same.remove(key, configVersion);
      if (same.isEmpty()) {
        podsByTarget.remove(old.target());
      }
      affected.add(old.target());
    }
    if (pod != null && pod.target() != null) {
      podsByTarget
          .computeIfAbsent(pod.target(), t -> new TargetIndex())
          .put(key, pod, planner, config, configVersion);
      affected.add(pod.target());
    }
    return affected;
  }

  private static ComputeTarget targetOf(PodRecord pod) {
    return pod == null ? null : pod.target();
  }

  /**
   * Forgets the pods whose key matches (their partition went to another replica); returns the
   * targets they were on.
   */
  public Set<ComputeTarget> forgetPods(java.util.function.Predicate<String> key) {
    Set<ComputeTarget> affected = new HashSet<>();
    for (String k : List.copyOf(podsByKey.keySet())) {
      if (key.test(k)) {
        affected.addAll(pod(k, null));
      }
    }
    return affected;
  }

  /** A config record or tombstone ({@code record == null}) for {@code key} of the config topic. */
  public Set<ComputeTarget> config(String key, ConfigRecord record) {
    // Before and after: a binding that stops being eager concerns the targets it was eager on.
    Set<ComputeTarget> before = config.hasEagerBindings() ? targets() : Set.of();
    boolean changed;
    if (record != null) {
      changed = config.put(record);
    } else {
      String[] parts = key.split("/", 3);
      changed = parts.length == 3 && config.remove(parts[0], new ObjectRef(parts[1], parts[2]));
    }
    // Bindings and identities can concern any target; they change rarely, so plan them all.
    if (!changed) {
      return Set.of();
    }
    configVersion++;
    Set<ComputeTarget> all = targets();
    all.addAll(before);
    return all;
  }

  /** A ledger record or tombstone for {@code target}. */
  public void ledger(ComputeTarget target, LedgerRecord record) {
    if (record == null) {
      ledgers.remove(target);
    } else {
      ledgers.put(target, record);
    }
  }

  /**
   * What the cluster's AzureAssignedIdentity objects show a controller assigned, by target
   * (lowercase resource ids), from a fresh listing: it replaces the previous one, so a claim that
   * was not taken up is never acted on later from a stale listing. Returns the targets with claims.
   */
  public Set<ComputeTarget> claims(Map<ComputeTarget, Set<String>> listed) {
    claims = new HashMap<>();
    listed.forEach((target, ids) -> claims.put(target, Set.copyOf(ids)));
    return Set.copyOf(claims.keySet());
  }

  /** The claims on {@code target}, handed to its run once: later runs do not see them again. */
  public Set<String> takeClaims(ComputeTarget target) {
    Set<String> ids = claims.remove(target);
    return ids == null ? Set.of() : ids;
  }

  public LedgerRecord ledger(ComputeTarget target) {
    return ledgers.get(target);
  }

  public Collection<PodRecord> podsOn(ComputeTarget target) {
    TargetIndex pods = podsByTarget.get(target);
    return pods == null ? List.of() : pods.pods();
  }

  /**
   * Every target that has pods, a ledger, claims (a ledger may own identities that must go, and
   * claims may become such) or nodes that an eager binding chooses.
   */
  public Set<ComputeTarget> targets() {
    Set<ComputeTarget> all = new HashSet<>(podsByTarget.keySet());
    all.addAll(ledgers.keySet());
    all.addAll(claims.keySet());
    for (ComputeTarget t : poolsByTarget.keySet()) {
      if (!all.contains(t) && concerns(t)) {
        all.add(t);
      }
    }
    return all;
  }

  /** The target's plan by this state's planner, from what is kept up to date as pods change. */
  public TargetPlan plan(ComputeTarget target) {
    TargetIndex index = podsByTarget.get(target);
    return (index == null ? new TargetIndex() : index)
        .plan(target, poolsIfKnown(target), planner, config, configVersion);
  }

  /** The target's plan made from scratch by {@code planner}, every pod evaluated again. */
  public TargetPlan plan(Planner planner, ComputeTarget target) {
    return planner.plan(target, poolsIfKnown(target), podsOn(target), config);
  }

  public ConfigIndex config() {
    return config;
  }

  public int podCount() {
    return podsByKey.size();
  }
}
