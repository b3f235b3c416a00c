package dev.podidentity.nmi.port;

/**
 * The node's redirect of pod traffic for IMDS (169.254.169.254:80) to this NMI. Calls block (they
 * run commands); callers keep them off event loops.
 */
public interface NatRule {
  /** Whether the redirect is in place exactly once. */
  boolean present();

  /** Puts the redirect in place (and what it needs, such as {@code route_localnet}). */
  void install();

  /** Removes every copy of the redirect; absent is fine. */
  void remove();
}
