package dev.podidentity.cli.core;

import dev.podidentity.events.authorization.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why a pod gets a token or not, step by step: what the cluster and the event log say about it, the
 * rules the assigner and the NMI apply to it, and what the NMI on its node would answer now,
 * decided by the NMI's own {@code Authorizer} over a view fed with the same records ({@link
 * ExplanationSteps} builds it). Printed as numbered steps with marks, or as data for {@code -o
 * json|yaml}.
 *
 * @param node the pod's node, null when neither the cluster nor the event log places it
 * @param answer the NMI's answer over HTTP to a token request naming no identity
 * @param decision the NMI's decision behind {@code answer}
 * @param getsToken whether the pod ends up with a token (from the NMI, or from IMDS through an
 *     exception): the decision's, unless Entra would refuse a federated identity's exchange
 */
public record Explanation(
    PodRef pod,
    String node,
    List<Step> steps,
    String answer,
    Decision decision,
    boolean getsToken,
    String conclusion) {

  /** How a step reads: fine, in the way of a token, or just worth knowing. */
  public enum Verdict {
    OK("✓"),
    PROBLEM("✗"),
    INFO("·");

    private final String mark;

    Verdict(String mark) {
      this.mark = mark;
    }

    public String mark() {
      return mark;
    }
  }

  /** One step: its verdict and one line of text. */
  public record Step(Verdict verdict, String text) {}

  public Explanation {
    steps = List.copyOf(steps);
  }

  /**
   * Explains {@code facts}; {@code namespaced} is the NMI's and assigner's global flag, {@code now}
   * the time the ledger's waits are told against ("in 25 s").
   */
  public static Explanation of(PodFacts facts, boolean namespaced, Instant now) {
    return of(facts, namespaced, now, FederationFacts.NOT_READ);
  }

  /** As {@link #of(PodFacts, boolean, Instant)}, with what was read about federated identities. */
  public static Explanation of(
      PodFacts facts, boolean namespaced, Instant now, FederationFacts federation) {
    return ExplanationSteps.explain(facts, namespaced, now, federation);
  }

  /**
   * The resource ids of the pod's bound, valid, federated identities (the NMI's rule): the ones
   * whose credentials {@link FederationFacts} should hold.
   */
  public static List<String> federatedIdentities(PodFacts facts, boolean namespaced) {
    return ExplanationSteps.federated(facts, namespaced);
  }

  /** The text a person reads: numbered steps with their marks, then the conclusion. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("pod " + pod + (node == null ? "" : " on node " + node) + ":");
    int width = String.valueOf(steps.size()).length();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      String number = String.format(Locale.ROOT, "%" + width + "d", i + 1);
      out.add(" " + number + ". " + s.verdict().mark() + " " + s.text());
    }
    out.add("");
    out.add((getsToken() ? "✓ " : "✗ ") + conclusion);
    return out;
  }

  /** The same as data: {@code pod}, {@code node}, {@code steps}, {@code answer}, ... */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pod", pod.toString());
    out.put("node", node);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Step s : steps) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("verdict", s.verdict().name().toLowerCase(Locale.ROOT));
      step.put("text", s.text());
      list.add(step);
    }
    out.put("steps", list);
    out.put("answer", answer);
    out.put("getsToken", getsToken());
    out.put("conclusion", conclusion);
    return out;
  }
}
