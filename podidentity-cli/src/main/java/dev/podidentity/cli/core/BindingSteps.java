package dev.podidentity.cli.core;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.Bindings;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The label and binding steps of an {@link Explanation}: the pod's {@code aadpodidbinding} label,
 * the bindings the contract's {@link Bindings} rule finds for it, and those it leaves out that look
 * meant for the pod (same selector in another namespace, invalid, or a near selector).
 */
final class BindingSteps {
  private final PodFacts facts;
  private final Policy policy;
  private final List<Step> steps;

  BindingSteps(PodFacts facts, Policy policy, List<Step> steps) {
    this.facts = facts;
    this.policy = policy;
    this.steps = steps;
  }

  /** Adds the steps; answers the bindings that select the pod, as the NMI finds them. */
  List<Bindings.Bound> bindings(View view, PodRecord pod) {
    String selector = pod.bindingSelector();
    List<BindingRecord> all = new ArrayList<>();
    for (ConfigRecord c : facts.config().values()) {
      if (c instanceof BindingRecord b) {
        all.add(b);
      }
    }
    all.sort(Comparator.comparing(BindingRecord::namespace).thenComparing(BindingRecord::name));
    if (selector == null) {
      List<String> near = NearMatches.labelKeys(pod.labels());
      add(
          Verdict.PROBLEM,
          "it has no "
              + PodRecord.BINDING_LABEL
              + " label"
              + (near.isEmpty()
                  ? ""
                  : ": " + String.join(", ", near) + " looks like a misspelt one"));
      return List.of();
    }
    add(Verdict.OK, "label " + PodRecord.BINDING_LABEL + "=" + selector);
    List<Bindings.Bound> bound =
        Bindings.of(
            pod,
            view.bindingsBySelector().get(selector),
            (ns, name) -> view.identities().get(ns + "/" + name),
            policy.namespaced());
    for (Bindings.Bound b : bound) {
      add(
          b.identity() == null ? Verdict.PROBLEM : Verdict.OK,
          "binding "
              + ref(b.binding())
              + " selects it and names AzureIdentity "
              + b.identityNamespace()
              + "/"
              + b.identityName()
              + (b.identity() == null ? ", which does not exist" : ""));
    }
    for (BindingRecord b : all) {
      if (!selector.equals(b.selector()) || bound.stream().anyMatch(x -> x.binding().equals(b))) {
        continue;
      }
      add(
          Verdict.PROBLEM,
          "binding "
              + ref(b)
              + " has its selector but "
              + (b.valid()
                  ? "is in namespace "
                      + b.namespace()
                      + ": namespaced mode (--namespaced, or the identity's Behavior: namespaced"
                      + " annotation) requires the pod's namespace"
                  : "is invalid: " + b.invalidReason()));
    }
    for (NearMatches.Near n : NearMatches.selectors(selector, all)) {
      add(
          Verdict.PROBLEM,
          "binding "
              + ref(n.binding())
              + " has selector '"
              + n.binding().selector()
              + "', which "
              + n.difference()
              + " from '"
              + selector
              + "': a typo?");
    }
    if (bound.isEmpty()) {
      add(Verdict.PROBLEM, "no binding selects it: no binding has selector '" + selector + "'");
    }
    return bound;
  }

  private void add(Verdict verdict, String text) {
    steps.add(new Step(verdict, text));
  }

  private static String ref(ConfigRecord c) {
    return c.namespace() + "/" + c.name();
  }
}
