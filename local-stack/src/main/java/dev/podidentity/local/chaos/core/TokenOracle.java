package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges every token the NMIs grant against the cluster's truth: which identities each pod (by uid,
 * so a new pod at a reused IP is another pod) was bound to, and when.
 *
 * <p>A pod is bound to an identity from the moment the workload starts the API write that binds it
 * (creating the pod, relabelling it, or rebinding the identity's selector to its label) until the
 * write that unbinds it (deletion, relabel, rebind, the pod finishing) has been acknowledged by the
 * API. A grant is {@link Verdict#OK} when the pod was bound to the granted identity at some instant
 * while the request was in flight (between sending and receiving the answer). It is {@link
 * Verdict#STALE} when the pod itself was bound to that identity only before the request: the NMI's
 * view lagged an unbind (counted and reported with its lag). It is {@link Verdict#WRONG} when this
 * pod was never bound to that identity: an unknown identity, another pod's, or the previous owner's
 * after an IP reuse. WRONG is the violation.
 */
public final class TokenOracle {

  /** How a grant compares with the cluster's truth. */
  public enum Verdict {
    OK,
    STALE,
    WRONG
  }

  private record Interval(long from, long to) {}

  private final Map<String, Map<String, List<Interval>>> bindings = new HashMap<>();

  /** The pod {@code podUid} is bound to {@code clientId} from {@code atMillis}. */
  public synchronized void bound(String podUid, String clientId, long atMillis) {
    List<Interval> list =
        bindings
            .computeIfAbsent(podUid, k -> new HashMap<>())
            .computeIfAbsent(clientId, k -> new ArrayList<>());
    if (list.isEmpty() || list.get(list.size() - 1).to() != Long.MAX_VALUE) {
      list.add(new Interval(atMillis, Long.MAX_VALUE));
    }
  }

  /** The pod is no longer bound to {@code clientId} from {@code atMillis} (write acknowledged). */
  public synchronized void unbound(String podUid, String clientId, long atMillis) {
    List<Interval> list = bindings.getOrDefault(podUid, Map.of()).get(clientId);
    if (list != null && !list.isEmpty() && list.get(list.size() - 1).to() == Long.MAX_VALUE) {
      Interval open = list.remove(list.size() - 1);
      list.add(new Interval(open.from(), atMillis));
    }
  }

  /** The verdict on a grant of {@code clientId} to the pod for a request in [sent, received]. */
  public synchronized Verdict judge(String podUid, String clientId, long sent, long received) {
    List<Interval> list = bindings.getOrDefault(podUid, Map.of()).get(clientId);
    if (list == null || list.isEmpty()) {
      return Verdict.WRONG;
    }
    for (Interval i : list) {
      if (i.from() <= received && i.to() >= sent) {
        return Verdict.OK;
      }
    }
    return list.get(0).from() <= received ? Verdict.STALE : Verdict.WRONG;
  }

  /**
   * For a STALE grant: how long after the last unbind of that identity before the request was sent
   * (what the NMI's view lagged by), in milliseconds.
   */
  public synchronized long staleness(String podUid, String clientId, long sent) {
    long lastEnd = Long.MIN_VALUE;
    for (Interval i : bindings.getOrDefault(podUid, Map.of()).getOrDefault(clientId, List.of())) {
      if (i.to() <= sent) {
        lastEnd = Math.max(lastEnd, i.to());
      }
    }
    return lastEnd == Long.MIN_VALUE ? 0 : sent - lastEnd;
  }
}
