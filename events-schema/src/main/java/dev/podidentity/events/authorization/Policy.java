package dev.podidentity.events.authorization;

/**
 * The switches that change authorisation: {@code namespaced} requires pod, binding and identity in
 * one namespace; {@code managed} authorises from bindings alone (no assigner, as aad-pod-identity's
 * managed mode, which is always namespaced); a view not confirmed current for {@code
 * staleAfterMillis} fails closed.
 */
public record Policy(boolean namespaced, boolean managed, long staleAfterMillis) {
  public Policy {
    if (staleAfterMillis <= 0) {
      throw new IllegalArgumentException("staleAfterMillis must be > 0");
    }
    // Managed mode has no assigner to check namespaces for it, so it is always namespaced.
    namespaced = namespaced || managed;
  }
}
