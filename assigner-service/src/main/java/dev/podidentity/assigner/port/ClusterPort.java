package dev.podidentity.assigner.port;

import dev.podidentity.events.AssignmentRecord;

/**
 * What people see with kubectl: AzureAssignedIdentity objects and Events on pods. Best effort and
 * rate-limited by the adapter; failures here never hold up assignment.
 */
public interface ClusterPort {
  /**
   * The assignment of a pod changed ({@code previous} null when new, {@code next} null when gone).
   */
  void assignmentChanged(AssignmentRecord previous, AssignmentRecord next);

  /** No-op implementation, for tests and for running without a Kubernetes API. */
  ClusterPort NONE = (previous, next) -> {};
}
