package dev.podidentity.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which AzureIdentities a pod is bound to: the one copy of the rule, used by the assigner's planner
 * (what to put on a scale set) and the NMI's authoriser (what a pod may have a token for), so the
 * two can never disagree.
 *
 * <ul>
 *   <li>a binding applies when it is valid and its selector equals the pod's {@code
 *       aadpodidbinding} label; several bindings with one selector give a pod several identities;
 *   <li>a binding names an AzureIdentity in its own namespace;
 *   <li>in namespaced mode (the global flag, or the identity's {@code Behavior: namespaced}
 *       annotation) the pod must be in the binding's namespace too.
 * </ul>
 *
 * Whether the pod is active, whether the identity is valid, and what to do about an exception are
 * the callers' questions: the planner plans a failure for an invalid identity, the authoriser
 * refuses it.
 */
public final class Bindings {
  private static final Comparator<Bound> ORDER =
      Comparator.comparing((Bound b) -> b.binding().namespace())
          .thenComparing(b -> b.binding().name());

  private Bindings() {}

  /** Finds an AzureIdentity by namespace and name; null when there is none. */
  @FunctionalInterface
  public interface Identities {
    IdentityRecord find(String namespace, String name);
  }

  /**
   * A binding that applies to the pod and the identity it names ({@code identity} null when no
   * AzureIdentity of that name exists in the binding's namespace).
   */
  public record Bound(BindingRecord binding, String identityName, IdentityRecord identity) {
    public String identityNamespace() {
      return binding.namespace();
    }
  }

  /**
   * The bindings that apply to {@code pod}, ordered by the binding's namespace and name.
   *
   * @param candidates bindings to consider (callers pass those indexed under the pod's selector;
   *     others are ignored)
   */
  public static List<Bound> of(
      PodRecord pod,
      Collection<BindingRecord> candidates,
      Identities identities,
      boolean namespacedMode) {
    String selector = pod.bindingSelector();
    if (selector == null || selector.isEmpty() || candidates == null) {
      return List.of();
    }
    List<Bound> out = new ArrayList<>();
    for (BindingRecord b : candidates) {
      if (!b.valid() || b.azureIdentity() == null || !selector.equals(b.selector())) {
        continue;
      }
      IdentityRecord identity = identities.find(b.namespace(), b.azureIdentity());
      boolean namespaced = namespacedMode || (identity != null && identity.namespaced());
      if (namespaced && !pod.namespace().equals(b.namespace())) {
        continue;
      }
      out.add(new Bound(b, b.azureIdentity(), identity));
    }
    out.sort(ORDER);
    return out;
  }
}
