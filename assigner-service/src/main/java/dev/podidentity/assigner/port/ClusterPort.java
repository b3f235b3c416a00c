package dev.podidentity.assigner.port;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import java.util.Map;
import java.util.Set;

/**
 * What people see with kubectl: AzureAssignedIdentity objects and Events on pods. Best effort and
 * rate-limited by the adapter; failures here never hold up assignment. The same objects are the
 * cluster's second record of who assigned what, read back by {@link #claims()}.
 */
public interface ClusterPort {
  /**
   * The assignment of a pod changed ({@code previous} null when new, {@code next} null when gone);
   * {@code owned}: the identities this assigner added to the pod's target (lowercase resource ids),
   * recorded on the objects so that {@link #claims()} can tell them from ones it found there.
   */
  void assignmentChanged(AssignmentRecord previous, AssignmentRecord next, Set<String> owned);

  /**
   * The user-assigned identities that AzureAssignedIdentity objects show a controller assigned, by
   * target (lowercase resource ids): aad-pod-identity's objects in state Assigned, and this
   * assigner's own for identities it added. Blocking; empty when the cluster cannot be read.
   */
  Map<ComputeTarget, Set<String>> claims();

  /** No Kubernetes API: nothing is written and nothing is claimed. */
  ClusterPort NONE =
      new ClusterPort() {
        @Override
        public void assignmentChanged(
            AssignmentRecord previous, AssignmentRecord next, Set<String> owned) {}

        @Override
        public Map<ComputeTarget, Set<String>> claims() {
          return Map.of();
        }
      };
}
