package dev.podidentity.assigner.reconcile;

import dev.podidentity.assigner.core.Protection;
import java.time.Duration;

/**
 * How the reconciler paces itself. The budgets default to Azure's: per scale set 4 identity PATCHes
 * a minute with a burst of 12, per subscription 500 a minute.
 */
public record ReconcileOptions(
    Protection protection,
    Duration linger,
    Duration quarantineRetry,
    Duration backoffBase,
    Duration backoffMax,
    Duration driftInterval,
    int targetBurst,
    int targetPerMinute,
    int subscriptionPerMinute) {

  public static ReconcileOptions defaults() {
    return new ReconcileOptions(
        Protection.none(),
        Duration.ZERO,
        Duration.ofMinutes(10),
        Duration.ofSeconds(1),
        Duration.ofMinutes(2),
        Duration.ofMinutes(10),
        12,
        4,
        500);
  }

  public ReconcileOptions withProtection(Protection p) {
    return new ReconcileOptions(
        p,
        linger,
        quarantineRetry,
        backoffBase,
        backoffMax,
        driftInterval,
        targetBurst,
        targetPerMinute,
        subscriptionPerMinute);
  }

  public ReconcileOptions withLinger(Duration l) {
    return new ReconcileOptions(
        protection,
        l,
        quarantineRetry,
        backoffBase,
        backoffMax,
        driftInterval,
        targetBurst,
        targetPerMinute,
        subscriptionPerMinute);
  }
}
