package dev.podidentity.nmi.port;

/**
 * Where a pod's first token joins the pod's trace (the context its assignment record came with).
 * Called for every grant; a no-op when tracing is off or the pod's first grant is already traced.
 */
public interface FirstGrants {
  void granted(String podUid, String identity, String resource);

  FirstGrants NONE = (podUid, identity, resource) -> {};
}
