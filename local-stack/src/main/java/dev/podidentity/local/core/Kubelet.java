package dev.podidentity.local.core;

import java.util.List;

/**
 * What the local stack's stand-in for the scheduler and the kubelet does with a pod it did not
 * create (one a user applied with kubectl): a pod without a node goes to the next node in turn, a
 * pod on one of the stack's nodes without an address gets one and runs. Pods on nodes the stack
 * does not simulate, and pods that already have an address, are left alone: the launcher and the
 * tests place their own pods themselves.
 */
public final class Kubelet {
  /** What a pod needs next. */
  public sealed interface Step {}

  /** Bind the pod to this node (the scheduler's part). */
  public record Bind(String node) implements Step {}

  /** Give the pod an address and mark it Running (the kubelet's part). */
  public record Start(boolean hostNetwork) implements Step {}

  /** Nothing to do. */
  public record Leave() implements Step {}

  private final List<String> nodes;
  private int turn;

  public Kubelet(List<String> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("the local stack simulates at least one node");
    }
    this.nodes = List.copyOf(nodes);
  }

  /** The next step for a pod seen with this node (null: none yet), address and deletion state. */
  public synchronized Step next(String node, String podIp, boolean hostNetwork, boolean deleting) {
    if (deleting) {
      return new Leave();
    }
    if (node == null || node.isEmpty()) {
      return new Bind(nodes.get(turn++ % nodes.size()));
    }
    if (nodes.contains(node) && (podIp == null || podIp.isEmpty())) {
      return new Start(hostNetwork);
    }
    return new Leave();
  }
}
