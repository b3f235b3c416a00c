package dev.podidentity.azuresim.throttle;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Azure's documented budgets: per scale set (or VM) 4 identity PATCHes a minute with a burst of 12
 * and 12 GETs a minute with a burst of 36; per subscription 500 PATCHes a minute; per VM's IMDS 20
 * requests a second. Policy names follow the {@code x-ms-ratelimit-remaining-resource} style of
 * Microsoft.Compute.
 */
public final class Throttles {

  public static final int PATCH_BURST = 12;
  public static final int PATCH_PER_MINUTE = 4;
  public static final int GET_BURST = 36;
  public static final int GET_PER_MINUTE = 12;
  public static final int SUBSCRIPTION_PATCH_PER_MINUTE = 500;
  public static final int IMDS_PER_SECOND = 20;

  static final String PATCH_POLICY = "Microsoft.Compute/VMScaleSetIdentityUpdate1Min";
  static final String GET_POLICY = "Microsoft.Compute/VMScaleSetGet1Min";
  static final String SUB_POLICY = "Microsoft.Compute/SubscriptionWrites1Min";
  static final String IMDS_POLICY = "IMDS/PerVmRequests1Sec";

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final SimClock clock;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public Throttles(SimClock clock) {
    this.clock = clock;
  }

  private TokenBucket bucket(String policy, String key, int burst, int perPeriod, long period) {
    return buckets.computeIfAbsent(
        policy + "|" + key.toLowerCase(Locale.ROOT),
        k -> new TokenBucket(clock, burst, perPeriod, period));
  }

  private TokenBucket patchBucket(String targetKey) {
    return bucket(PATCH_POLICY, targetKey, PATCH_BURST, PATCH_PER_MINUTE, MINUTE);
  }

  private TokenBucket subscriptionBucket(String subscriptionId) {
    return bucket(
        SUB_POLICY,
        subscriptionId,
        SUBSCRIPTION_PATCH_PER_MINUTE,
        SUBSCRIPTION_PATCH_PER_MINUTE,
        MINUTE);
  }

  /**
   * A write on a target spends from both the target's and the subscription's budget, or neither.
   */
  public synchronized ThrottleDecision patch(String subscriptionId, String targetKey) {
    TokenBucket target = patchBucket(targetKey);
    TokenBucket sub = subscriptionBucket(subscriptionId);
    long waitTarget = target.nanosUntilToken();
    long waitSub = sub.nanosUntilToken();
    if (waitTarget > 0 || waitSub > 0) {
      String policy = waitTarget >= waitSub ? PATCH_POLICY : SUB_POLICY;
      return denied(Math.max(waitTarget, waitSub), patchHeader(target, sub), policy);
    }
    target.tryTake();
    sub.tryTake();
    return new ThrottleDecision(true, 0, patchHeader(target, sub), null);
  }

  private static String patchHeader(TokenBucket target, TokenBucket sub) {
    return PATCH_POLICY + ";" + target.remaining() + "," + SUB_POLICY + ";" + sub.remaining();
  }

  public ThrottleDecision get(String targetKey) {
    return take(bucket(GET_POLICY, targetKey, GET_BURST, GET_PER_MINUTE, MINUTE), GET_POLICY);
  }

  public ThrottleDecision imds(String vmName) {
    return take(bucket(IMDS_POLICY, vmName, IMDS_PER_SECOND, IMDS_PER_SECOND, SECOND), IMDS_POLICY);
  }

  private ThrottleDecision take(TokenBucket b, String policy) {
    synchronized (b) {
      if (b.tryTake()) {
        return new ThrottleDecision(true, 0, policy + ";" + b.remaining(), null);
      }
      return denied(b.nanosUntilToken(), policy + ";0", policy);
    }
  }

  private ThrottleDecision denied(long simNanos, String header, String policy) {
    long realMillis = (long) Math.ceil(simNanos / clock.timeScale() / 1_000_000.0);
    return new ThrottleDecision(false, Math.max(1, realMillis), header, policy);
  }

  /** Fault injection: spend a target's whole PATCH budget so the next PATCH is throttled. */
  public void exhaustPatchBudget(String targetKey) {
    patchBucket(targetKey).drain();
  }

  public void reset() {
    buckets.clear();
  }
}
