package dev.podidentity.local.chaos.core;

import java.util.Random;

/**
 * The churning workload's next move, drawn from the run's seeded random: the population grows to
 * its target first, then pods are created, deleted, relabelled, finished (a Job's phase Succeeded)
 * and started on a freed IP (past {@link FreedIps#REUSE_FLOOR_MS}), and bindings are moved to
 * another selector.
 */
public enum WorkloadStep {
  CREATE,
  DELETE,
  RELABEL,
  REBIND,
  REUSE_IP,
  FINISH;

  /** The next move for {@code live} pods of a {@code target}; {@code freedIps} can be reused. */
  public static WorkloadStep next(Random random, int live, int target, int freedIps) {
    if (live < target / 2) {
      return freedIps > 0 && random.nextInt(4) == 0 ? REUSE_IP : CREATE;
    }
    int roll = random.nextInt(100);
    boolean grow = live < target;
    if (roll < 30) {
      return grow ? CREATE : DELETE;
    }
    if (roll < 45) {
      return freedIps > 0 ? REUSE_IP : CREATE;
    }
    if (roll < 65) {
      return DELETE;
    }
    if (roll < 82) {
      return RELABEL;
    }
    if (roll < 90) {
      return REBIND;
    }
    return FINISH;
  }
}
