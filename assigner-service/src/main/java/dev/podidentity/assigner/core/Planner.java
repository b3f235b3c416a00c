package dev.podidentity.assigner.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.Bindings;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The assignment plan of one compute target, as a pure function of the pods on it and the
 * configuration (DESIGN.md "Assigner rules"):
 *
 * <ul>
 *   <li>a pod counts only while it is active (not Succeeded / Failed / being deleted);
 *   <li>which identities a pod is bound to is the contract's {@link Bindings} rule (shared with the
 *       NMI's authoriser);
 *   <li>only valid type-0 identities go to the cloud; a missing or invalid identity is planned as a
 *       failure with the reason, and never sent;
 *   <li>an eager binding ({@link dev.podidentity.events.Eager}) keeps its identity on the target
 *       whether or not a pod uses it.
 * </ul>
 */
public final class Planner {
  private static final Comparator<PodRecord> POD_ORDER =
      Comparator.comparing(PodRecord::namespace)
          .thenComparing(PodRecord::name)
          .thenComparing(PodRecord::uid);

  private final boolean namespacedMode;

  public Planner(boolean namespacedMode) {
    this.namespacedMode = namespacedMode;
  }

  /**
   * The plan made from scratch, every pod evaluated: the definition {@link AssignerState} keeps up
   * to date incrementally (and is tested against).
   *
   * @param pools the node pools of the target's nodes (eager bindings choose targets by them); null
   *     when the target has no node, where nothing is eager
   */
  public TargetPlan plan(
      ComputeTarget target, Set<String> pools, Collection<PodRecord> pods, ConfigIndex config) {
    TreeMap<String, Integer> desired = new TreeMap<>(eagerReferences(pools, config));
    List<PodPlan> plans = new ArrayList<>();
    List<PodRecord> sorted = new ArrayList<>(pods);
    sorted.sort(POD_ORDER);
    for (PodRecord pod : sorted) {
      PodPlan plan = target.equals(pod.target()) ? podPlan(pod, config) : null;
      if (plan != null) {
        plans.add(plan);
        plan.references().forEach(id -> desired.merge(id, 1, Integer::sum));
      }
    }
    return new TargetPlan(target, desired, plans);
  }

  /**
   * One pod's plan, or null when it holds no identity: not active, or bound to none. Its {@link
   * PodPlan#references()} are what it adds to its target's reference counts.
   */
  public PodPlan podPlan(PodRecord pod, ConfigIndex config) {
    if (!pod.active()) {
      return null;
    }
    List<PlannedIdentity> identities = identitiesOf(pod, config);
    return identities.isEmpty() ? null : new PodPlan(pod, identities);
  }

  /**
   * The references eager bindings hold on a target whose nodes are in {@code pools} (null: the
   * target has no node, and nothing is eager there).
   */
  public SortedMap<String, Integer> eagerReferences(Set<String> pools, ConfigIndex config) {
    TreeMap<String, Integer> out = new TreeMap<>();
    // An eager binding is one reference of its own, held while the binding lasts: its identity
    // stays with no pod, and leaves by the same rules as any other when the binding goes.
    for (BindingRecord b : pools == null ? List.<BindingRecord>of() : config.eagerBindings(pools)) {
      ObjectRef ref = new ObjectRef(b.namespace(), b.azureIdentity());
      PlannedIdentity p = planned(ref, b, config.identity(ref));
      if (p.needsCloud()) {
        out.merge(p.resourceId(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** The identities one pod is bound to, whatever its state; empty when it has no label. */
  public List<PlannedIdentity> identitiesOf(PodRecord pod, ConfigIndex config) {
    String selector = pod.bindingSelector();
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    List<PlannedIdentity> out = new ArrayList<>();
    for (Bindings.Bound b :
        Bindings.of(
            pod,
            config.bindingsFor(selector),
            (ns, name) -> config.identity(new ObjectRef(ns, name)),
            namespacedMode)) {
      ObjectRef ref = new ObjectRef(b.identityNamespace(), b.identityName());
      out.add(planned(ref, b.binding(), b.identity()));
    }
    return out;
  }

  private static PlannedIdentity planned(
      ObjectRef ref, BindingRecord binding, IdentityRecord identity) {
    if (identity == null) {
      return new PlannedIdentity(
          ref,
          binding.name(),
          IdentityType.UNKNOWN,
          false,
          null,
          null,
          "AzureIdentity " + ref + " named by binding " + binding.name() + " does not exist");
    }
    String failure = null;
    if (!identity.valid()) {
      failure = "AzureIdentity " + ref + " is invalid: " + identity.invalidReason();
    } else if (identity.type() == IdentityType.UNKNOWN) {
      failure = "AzureIdentity " + ref + " has a type this version does not know";
    } else if (identity.needsCloudAssignment()
        && (identity.resourceId() == null || identity.resourceId().isBlank())) {
      failure = "AzureIdentity " + ref + " of type 0 has no resourceID";
    }
    String resourceId = AssignedIdentity.canonicalResourceId(identity.resourceId());
    return new PlannedIdentity(
        ref,
        binding.name(),
        identity.type(),
        identity.federated(),
        resourceId,
        identity.clientId(),
        failure);
  }
}
