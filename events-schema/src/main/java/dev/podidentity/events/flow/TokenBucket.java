package dev.podidentity.events.flow;

/**
 * A token bucket over a caller-supplied clock (nanoseconds), so tests and the simulator's scaled
 * clock drive it without waiting: {@code capacity} tokens saved at most, refilled at a steady rate.
 * Azure's budgets are buckets (per scale set 4 identity PATCHes a minute with a burst of 12, per
 * subscription 500 a minute), and so is the NMI's pace towards IMDS. Not thread-safe: its owner
 * serialises access.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;
  private final int capacity;
  private final double tokensPerNano;
  private double tokens;
  private long last;

  /** Full at {@code nowNanos}, refilled at {@code perSecond} tokens a second. */
  public TokenBucket(int capacity, double perSecond, long nowNanos) {
    if (capacity < 1 || !(perSecond > 0)) {
      throw new IllegalArgumentException("capacity and rate must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Azure states its budgets per minute. */
  public static TokenBucket perMinute(int capacity, int perMinute, long nowNanos) {
    return new TokenBucket(capacity, perMinute / 60.0, nowNanos);
  }

  /** Nanoseconds until a token is available; 0 means one is available now (not taken). */
  public long waitNanos(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  /** Takes a token if one is available now. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  public double available(long nowNanos) {
    refill(nowNanos);
    return tokens;
  }

  // A clock read that goes backwards (another thread's older reading) refills nothing.
  private void refill(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
      last = nowNanos;
    }
  }
}
