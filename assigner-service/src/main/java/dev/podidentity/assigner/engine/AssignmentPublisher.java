package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.Assignments;
import dev.podidentity.assigner.core.CloudIdentity;
import dev.podidentity.assigner.core.Ownership;
import dev.podidentity.assigner.core.PodPlan;
import dev.podidentity.assigner.core.TargetPlan;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.Keys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a run tells the world about its target's pods: their assignment records (only those that
 * changed), the kubectl-visible objects, and how long each pod waited for its identities.
 */
final class AssignmentPublisher {
  private final OutputPort output;
  private final ClusterPort cluster;
  private final AssignerMetrics metrics;
  private final LongSupplier clock;

  AssignmentPublisher(
      OutputPort output, ClusterPort cluster, AssignerMetrics metrics, LongSupplier clock) {
    this.output = output;
    this.cluster = cluster;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Publishes changed assignment records of the plan's pods; tombstones pods no longer in it. The
   * plan is taken under the target's publish lock, so publishes follow the plans' order.
   */
  void publish(TargetWork w, Supplier<TargetPlan> planNow, Map<String, String> quarantine) {
    publish(w, planNow, quarantine, true);
  }

  /**
   * As above; with {@code pendingToo} false, a pod whose record would still wait for an identity
   * ({@code CREATED}) is left for the target's run, which publishes it before its PATCH.
   */
  void publish(
      TargetWork w,
      Supplier<TargetPlan> planNow,
      Map<String, String> quarantine,
      boolean pendingToo) {
    synchronized (w.publishLock) {
      publishLocked(w, planNow.get(), quarantine, pendingToo);
    }
  }

  private void publishLocked(
      TargetWork w, TargetPlan plan, Map<String, String> quarantine, boolean pendingToo) {
    metrics.quarantined(w.target, quarantine.size());
    Set<String> owned = Set.copyOf(Ownership.owned(w.ledger));
    Set<String> current = new HashSet<>();
    long now = clock.getAsLong();
    Map<String, CloudIdentity> actual = w.actual;
    if (w.patching && actual != null && !w.removing.isEmpty()) {
      actual = new HashMap<>(actual);
      actual.keySet().removeAll(w.removing);
    }
    for (PodPlan pp : plan.pods()) {
      AssignmentRecord next = Assignments.of(w.target, pp, actual, quarantine);
      String key = Keys.of(next);
      current.add(key);
      AssignmentRecord previous = w.published.get(key);
      if (next.equals(previous) || (!pendingToo && pending(next))) {
        continue;
      }
      output.assignment(next);
      cluster.assignmentChanged(previous, next, owned);
      w.published.put(key, next);
      recordLatency(w, key, next, now);
    }
    for (var it = w.published.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!current.contains(e.getKey())) {
        output.assignmentGone(e.getKey(), e.getValue());
        cluster.assignmentChanged(e.getValue(), null, owned);
        w.firstPlanned.remove(e.getKey());
        it.remove();
      }
    }
  }

  private static boolean pending(AssignmentRecord r) {
    return r.identities().stream().anyMatch(i -> i.state() == AssignmentState.CREATED);
  }

  private void recordLatency(TargetWork w, String key, AssignmentRecord next, long now) {
    if (pending(next)) {
      w.firstPlanned.putIfAbsent(key, now);
      return;
    }
    Long since = w.firstPlanned.remove(key);
    boolean allAssigned =
        next.identities().stream()
            .map(AssignedIdentity::state)
            .allMatch(AssignmentState.ASSIGNED::equals);
    if (since != null && allAssigned) {
      metrics.podAssigned(now - since);
    }
  }
}
