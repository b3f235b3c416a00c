package dev.podidentity.local.core;

/**
 * How the stack's nodes are spread over its node pools, one scale set each: node {@code i} joins
 * pool {@code i mod pools}, as the {@code i / pools}-th instance of its scale set. Pool 0 is AKS's
 * default pool {@code nodepool1}, so a stack of one pool is named as it always was.
 */
public final class NodePools {
  private NodePools() {}

  /** The pool (0-based) node {@code node} belongs to. */
  public static int poolOf(int node, int pools) {
    check(node, pools);
    return node % pools;
  }

  /** Node {@code node}'s place among its pool's instances (the simulator's instance id). */
  public static int instanceOf(int node, int pools) {
    check(node, pools);
    return node / pools;
  }

  /** How many of {@code nodes} nodes pool {@code pool} gets. */
  public static int sizeOf(int pool, int nodes, int pools) {
    if (pools < 1 || nodes < pools || pool < 0 || pool >= pools) {
      throw new IllegalArgumentException(
          "pool " + pool + " of " + pools + " pools over " + nodes + " nodes");
    }
    return nodes / pools + (pool < nodes % pools ? 1 : 0);
  }

  /** The pool's name, the value of its nodes' {@code kubernetes.azure.com/agentpool} label. */
  public static String poolName(int pool) {
    return "nodepool" + (pool + 1);
  }

  /** The pool's scale set, named as AKS names it ({@code aks-<pool>-<hash>-vmss}). */
  public static String scaleSetName(int pool) {
    return "aks-" + poolName(pool) + "-12345678-vmss";
  }

  private static void check(int node, int pools) {
    if (pools < 1 || node < 0) {
      throw new IllegalArgumentException("node " + node + " of " + pools + " pools");
    }
  }
}
