package dev.podidentity.assigner.reconcile;

import dev.podidentity.assigner.core.Protection;
import java.time.Duration;

/**
 * How the reconciler paces itself. The budgets default to Azure's: per scale set 4 identity PATCHes
 * a minute with a burst of 12, per subscription 500 a minute.
 *
 * @param batchWindow how long changes to an idle target must be quiet before its PATCH, so a burst
 *     of pods goes out in one request instead of one plus a coalesced second
 * @param batchMax the longest an idle target gathers a burst, however long it lasts
 */
public record ReconcileOptions(
    Protection protection,
    Duration linger,
    Duration quarantineRetry,
    Duration backoffBase,
    Duration backoffMax,
    Duration driftInterval,
    Duration batchWindow,
    Duration batchMax,
    int targetBurst,
    int targetPerMinute,
    int subscriptionPerMinute) {

  public static ReconcileOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.protection = protection;
    b.linger = linger;
    b.quarantineRetry = quarantineRetry;
    b.backoffBase = backoffBase;
    b.backoffMax = backoffMax;
    b.driftInterval = driftInterval;
    b.batchWindow = batchWindow;
    b.batchMax = batchMax;
    b.targetBurst = targetBurst;
    b.targetPerMinute = targetPerMinute;
    b.subscriptionPerMinute = subscriptionPerMinute;
    return b;
  }

  /** Safe defaults: Azure's budgets, no linger, drift repair every 10 minutes. */
  public static final class Builder {
    private Protection protection = Protection.none();
    private Duration linger = Duration.ZERO;
    private Duration quarantineRetry = Duration.ofMinutes(10);
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(2);
    private Duration driftInterval = Duration.ofMinutes(10);
    private Duration batchWindow = Duration.ZERO;
    private Duration batchMax = Duration.ofSeconds(2);
    private int targetBurst = 12;
    private int targetPerMinute = 4;
    private int subscriptionPerMinute = 500;

    public Builder protection(Protection p) {
      protection = p;
      return this;
    }

    public Builder linger(Duration d) {
      linger = d;
      return this;
    }

    public Builder quarantineRetry(Duration d) {
      quarantineRetry = d;
      return this;
    }

    public Builder backoff(Duration base, Duration max) {
      backoffBase = base;
      backoffMax = max;
      return this;
    }

    public Builder driftInterval(Duration d) {
      driftInterval = d;
      return this;
    }

    public Builder batchWindow(Duration quiet, Duration max) {
      batchWindow = quiet;
      batchMax = max;
      return this;
    }

    public Builder budgets(int burst, int perMinute, int subscriptionPerMinute) {
      this.targetBurst = burst;
      this.targetPerMinute = perMinute;
      this.subscriptionPerMinute = subscriptionPerMinute;
      return this;
    }

    public ReconcileOptions build() {
      return new ReconcileOptions(
          protection,
          linger,
          quarantineRetry,
          backoffBase,
          backoffMax,
          driftInterval,
          batchWindow,
          batchMax,
          targetBurst,
          targetPerMinute,
          subscriptionPerMinute);
    }
  }
}
