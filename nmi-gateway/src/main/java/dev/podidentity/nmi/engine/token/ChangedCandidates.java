package dev.podidentity.nmi.engine.token;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.View;
import dev.podidentity.nmi.core.PrefetchCandidates;
import dev.podidentity.nmi.core.PrefetchCandidates.Candidate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidates a prefetch pass looks at. A full pass (every interval: tokens are refreshed before
 * they leave the cache) looks at all of them ({@link PrefetchCandidates#of}). A pass after a view
 * change looks only at the pods whose inputs changed since the last pass (the pod's record, its
 * assignment, the configuration; a pod's candidates depend on nothing else), and at the eager
 * bindings' when the configuration or the node's pool changed. Inputs are compared by reference: a
 * view shares every record and configuration map that did not change.
 *
 * <p>Looking at every pod of the node on every change made a burst of pods quadratic: choosing the
 * candidates and testing their freshness were 27–30 % of each NMI's CPU samples in the P3f
 * benchmark. Passes never overlap ({@link Prefetch} runs one at a time): nothing here is locked.
 */
final class ChangedCandidates {
  private final Policy policy;
  private final boolean eagerByDefault;
  private Map<String, Chosen> chosen = Map.of();
  private Config config;

  /** A pod's candidates and the inputs they were chosen from. */
  private record Chosen(PodRecord pod, AssignmentRecord assignment, List<Candidate> candidates) {}

  /** The view's configuration, by reference. */
  private record Config(Object identities, Object bindings, Object exceptions, String pool) {
    static Config of(View v) {
      return new Config(
          v.identities(), v.bindingsBySelector(), v.exceptionsByNamespace(), v.pool());
    }

    boolean same(Config other) {
      return other != null
          && identities == other.identities
          && bindings == other.bindings
          && exceptions == other.exceptions
          && Objects.equals(pool, other.pool);
    }
  }

  ChangedCandidates(Policy policy, boolean eagerByDefault) {
    this.policy = policy;
    this.eagerByDefault = eagerByDefault;
  }

  /**
   * The candidates to look at in this pass, each token scope once; none when the view may not be
   * acted on (nothing is remembered then, so the next pass compares with the last one that looked).
   */
  List<Candidate> of(View view, long nowMillis, boolean full) {
    if (!PrefetchCandidates.actionable(view, policy, nowMillis)) {
      return List.of();
    }
    Config now = Config.of(view);
    boolean sameConfig = now.same(config);
    Map<String, Candidate> out = new LinkedHashMap<>();
    Map<String, Chosen> next = new HashMap<>();
    for (PodRecord pod : PrefetchCandidates.pods(view)) {
      AssignmentRecord assignment = view.assignmentsByPodUid().get(pod.uid());
      Chosen before = chosen.get(pod.uid());
      boolean same =
          sameConfig && before != null && before.pod() == pod && before.assignment() == assignment;
      Chosen c =
          same ? before : new Chosen(pod, assignment, PrefetchCandidates.ofPod(view, pod, policy));
      next.put(pod.uid(), c);
      if (full || !same) {
        c.candidates().forEach(x -> PrefetchCandidates.add(out, x));
      }
    }
    if (full || !sameConfig) {
      PrefetchCandidates.eager(view, eagerByDefault).forEach(x -> PrefetchCandidates.add(out, x));
    }
    chosen = next;
    config = now;
    return List.copyOf(out.values());
  }

  /** Whether {@code pod} was among the view's pods at the last pass that looked. */
  boolean present(PodRecord pod) {
    return pod == null || chosen.containsKey(pod.uid());
  }
}
