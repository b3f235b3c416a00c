package dev.podidentity.assigner.port;

import dev.podidentity.events.ComputeTarget;

/**
 * Each ARM request the cloud adapter makes, as it made it: a PATCH may need a read first (no etag
 * known) or again after a 412, and those are reads, not part of the PATCH's time.
 */
@FunctionalInterface
public interface CloudCalls {
  /**
   * {@code kind} the target's (scale set or VM); {@code operation} GET or PATCH; {@code outcome} ok
   * or the error kind, lowercase.
   */
  void completed(ComputeTarget.Kind kind, String operation, String outcome, long nanos);

  CloudCalls NONE = (kind, operation, outcome, nanos) -> {};
}
