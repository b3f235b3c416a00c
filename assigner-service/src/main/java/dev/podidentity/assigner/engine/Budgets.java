package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.Blocking;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.flow.TokenBucket;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The per-target and per-subscription PATCH budgets; a PATCH needs a token from both. */
final class Budgets {
  private final AssignerConfig.Budget options;
  private final Map<String, TokenBucket> subscriptions = new ConcurrentHashMap<>();

  Budgets(AssignerConfig.Budget options) {
    this.options = options;
  }

  TokenBucket newTargetBucket(long now) {
    return TokenBucket.perMinute(options.targetBurst(), options.targetPerMinute(), now);
  }

  /** How long until both buckets have a token; takes none. */
  long waitNanos(TargetWork w, long now) {
    TokenBucket sub = subscription(w, now);
    synchronized (sub) {
      return Math.max(w.bucket.waitNanos(now), sub.waitNanos(now));
    }
  }

  /**
   * Takes a token from both buckets and returns 0, or takes none and returns the wait (another
   * target may have taken the subscription's last token since {@link #waitNanos}).
   */
  long tryAcquire(TargetWork w, long now) {
    TokenBucket sub = subscription(w, now);
    synchronized (sub) {
      long wait = waitNanos(w, now);
      if (wait == 0) {
        w.bucket.tryTake(now);
        sub.tryTake(now);
      }
      return wait;
    }
  }

  /** What the ledger says while {@code w} waits for a token until {@code until}: which budget. */
  LedgerRecord.Blocked blocked(TargetWork w, long now, Instant until) {
    TokenBucket sub = subscription(w, now);
    boolean subscription;
    synchronized (sub) {
      subscription = sub.waitNanos(now) > w.bucket.waitNanos(now);
    }
    return Blocking.budget(
        until,
        w.target.kind(),
        subscription,
        subscription ? options.subscriptionPerMinute() : options.targetPerMinute());
  }

  private TokenBucket subscription(TargetWork w, long now) {
    return subscriptions.computeIfAbsent(
        w.target.subscriptionId(),
        s ->
            TokenBucket.perMinute(
                options.subscriptionPerMinute(), options.subscriptionPerMinute(), now));
  }
}
