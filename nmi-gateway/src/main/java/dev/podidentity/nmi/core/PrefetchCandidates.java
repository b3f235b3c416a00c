package dev.podidentity.nmi.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.Eager;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.BoundIdentity;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.authorization.View;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which identities this node fetches tokens for before a pod asks. Grants nothing: a token fetched
 * here is still served only through the per-request decision.
 *
 * <ul>
 *   <li>For each pod reachable by its IP, every identity the authoriser would grant it now (the
 *       contract's {@link Authorizer#decideForPod}, asked naming that identity): a pod it would
 *       deny or make wait (host network, finished, unbound, another namespace in namespaced mode,
 *       assignment not done or failed, an exception) gives nothing.
 *   <li>Plain user-assigned identities (not federated) of valid eager bindings ({@link
 *       Eager#applies}) that choose this node's pool: on the VM before any pod, by the assigner.
 * </ul>
 */
public final class PrefetchCandidates {
  private PrefetchCandidates() {}

  /**
   * An identity to keep warm. {@code pod}: the pod whose grant made it one (null for an eager
   * binding's); a federated identity's token is its service account's ({@link TokenScope}).
   */
  public record Candidate(BoundIdentity identity, PodRecord pod) {}

  /**
   * The candidates of {@code view}, each token scope once; none when the view may not be acted on.
   *
   * @param eagerByDefault the assigner's default for bindings without the eager annotation
   */
  public static List<Candidate> of(
      View view, Policy policy, boolean eagerByDefault, long nowMillis) {
    if (!actionable(view, policy, nowMillis)) {
      return List.of();
    }
    Map<String, Candidate> out = new LinkedHashMap<>();
    for (PodRecord pod : pods(view)) {
      ofPod(view, pod, policy).forEach(c -> add(out, c));
    }
    eager(view, eagerByDefault).forEach(c -> add(out, c));
    return List.copyOf(out.values());
  }

  /** Whether the view may be acted on now (not stale): otherwise there are no candidates. */
  public static boolean actionable(View view, Policy policy, long nowMillis) {
    return Authorizer.staleness(view, policy, nowMillis) == null;
  }

  /**
   * The view's pods reachable by their IPs, each once (a pod may own several IPs), in a stable
   * order: the first pod of an identity names its candidate.
   */
  public static Collection<PodRecord> pods(View view) {
    Map<String, PodRecord> pods = new TreeMap<>();
    view.podsByIp().values().forEach(p -> pods.put(p.uid(), p));
    return pods.values();
  }

  /**
   * {@code pod}'s candidates: every identity the authoriser would grant it now. They depend on the
   * pod, its assignment and the view's configuration only.
   */
  public static List<Candidate> ofPod(View view, PodRecord pod, Policy policy) {
    List<Candidate> out = new ArrayList<>(1);
    for (IdentityRecord id : Authorizer.boundIdentities(view, pod, policy)) {
      TokenRequest naming = new TokenRequest(null, null, id.clientId(), id.resourceId(), null);
      if (Authorizer.decideForPod(view, pod, naming, policy) instanceof Decision.Grant g) {
        out.add(new Candidate(g.identity(), pod));
      }
    }
    return out;
  }

  /** The eager bindings' identities that choose this node's pool (the view's configuration). */
  public static List<Candidate> eager(View view, boolean eagerByDefault) {
    List<Candidate> out = new ArrayList<>();
    Set<String> pools = view.pool() == null ? Set.of() : Set.of(view.pool());
    for (List<BindingRecord> bindings : view.bindingsBySelector().values()) {
      for (BindingRecord b : bindings) {
        if (b.azureIdentity() == null || !Eager.applies(b.eager(), eagerByDefault, pools)) {
          continue;
        }
        IdentityRecord id = view.identities().get(b.namespace() + "/" + b.azureIdentity());
        if (id != null && id.valid() && id.needsCloudAssignment()) {
          out.add(new Candidate(new BoundIdentity(id, null), null));
        }
      }
    }
    return out;
  }

  /** Adds {@code c} to {@code out} unless its token scope is there already. */
  public static void add(Map<String, Candidate> out, Candidate c) {
    out.putIfAbsent(TokenScope.key(c.identity(), c.pod()), c);
  }
}
