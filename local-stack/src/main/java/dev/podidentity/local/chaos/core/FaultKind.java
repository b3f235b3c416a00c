package dev.podidentity.local.chaos.core;

/** Every kind of fault the schedule injects; a run injects each at least once. */
public enum FaultKind {
  /** kill -9 of the assigner, restarted after a pause with the same command. */
  KILL_ASSIGNER(true),
  /** kill -9 of the watcher, restarted after a pause. */
  KILL_WATCHER(true),
  /** kill -9 of one NMI (target = node index), restarted after a pause. */
  KILL_NMI(true),
  /** kill -9 of the Kafka broker, restarted on the same port with its data after a pause. */
  KILL_BROKER(true),
  /**
   * The Kubernetes API restarts while its store keeps the data: it stops listening and drops every
   * connection and watch for 2-10 s; watches resumed after it are answered 410 Gone.
   */
  API_RESTART(false),
  /** ARM answers PATCHes of the scale set with 429 and a Retry-After. */
  ARM_THROTTLE(false),
  /** ARM answers writes with 409 (another operation in progress). */
  ARM_CONFLICT(false),
  /** ARM answers with 500/503. */
  ARM_ERROR(false),
  /** ARM never answers one request: the assigner's request timeout must fire. */
  ARM_HANG(false),
  /** ARM refuses one identity with 403 LinkedAuthorizationFailed. */
  ARM_LINKED_AUTHORIZATION_FAILED(false),
  /** The scale set goes into Deleting for a while (ARM refuses changes). */
  SCALE_SET_DELETING(false),
  /** An AzureIdentity naming an identity that does not exist in Azure, with a pod bound to it. */
  INVALID_IDENTITY(false),
  /** A node's IMDS answers 429 to the NMI. */
  IMDS_THROTTLE(false),
  /** A node's IMDS hangs (latency beyond the NMI's budget). */
  IMDS_HANG(false),
  /**
   * Requests from unknown IPs, from a host-network pod, and from bound pods for identities they are
   * not bound to.
   */
  HOSTILE_REQUESTS(false),
  /**
   * A pod of another namespace, labelled with the selector of an identity bound only in the
   * workload's namespace, asks for it: namespaced mode (or the identity's {@code Behavior:
   * namespaced} annotation without it) must refuse it.
   */
  OTHER_NAMESPACE(false),
  /** Malformed, duplicate and out-of-order records written straight to the input topics. */
  BAD_RECORDS(false);

  private final boolean processKill;

  FaultKind(boolean processKill) {
    this.processKill = processKill;
  }

  /** A kill and restart of a process: its pause is the process's downtime. */
  public boolean processKill() {
    return processKill;
  }
}
