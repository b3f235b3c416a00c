package dev.podidentity.assigner.core;

/**
 * A token bucket over a caller-supplied clock (nanoseconds), so tests and the simulator's scaled
 * clock drive it without waiting. Azure's budgets are buckets: per scale set 4 identity PATCHes a
 * minute with a burst of 12, per subscription 500 a minute.
 */
public final class TokenBucket {
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private final int capacity;
  private final double tokensPerNano;
  private double tokens;
  private long last;

  public TokenBucket(int capacity, int perMinute, long nowNanos) {
    if (capacity < 1 || perMinute < 1) {
      throw new IllegalArgumentException("capacity and rate must be positive");
    }
    this.capacity = capacity;
    this.tokensPerNano = perMinute / (double) MINUTE_NANOS;
    this.tokens = capacity;
    this.last = nowNanos;
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

  private void refill(long nowNanos) {
    if (nowNanos > last) {
      tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
      last = nowNanos;
    }
  }
}
