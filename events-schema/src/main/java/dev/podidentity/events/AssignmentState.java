package dev.podidentity.events;

/** Where one identity of one pod stands. */
public enum AssignmentState {
  /** Planned: the pod is bound to the identity, the cloud does not have it on the target yet. */
  CREATED,
  /** The identity is on the pod's compute target (or needs no cloud call): NMI may serve it. */
  ASSIGNED,
  /** It could not be assigned; {@code reason} says why. NMI answers 403 with that reason. */
  FAILED
}
