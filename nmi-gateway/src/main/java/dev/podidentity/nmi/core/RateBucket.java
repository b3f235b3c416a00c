package dev.podidentity.nmi.core;

/**
 * A token bucket over an injected clock: {@code ratePerSecond} tokens a second, at most {@code
 * burst} saved. Not thread-safe; its owner serialises access.
 */
public final class RateBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public RateBucket(double ratePerSecond, int burst, long nowNanos) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("need ratePerSecond > 0 and burst >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes a token if one is there. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Nanoseconds until a token will be there (0 when one is there now). */
  public long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    tokens = Math.min(burst, tokens + elapsed * ratePerNano);
    lastNanos = nowNanos;
  }
}
