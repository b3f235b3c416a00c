package dev.podidentity.azuresim.throttle;

/**
 * A token bucket over simulated time: {@code capacity} is the burst, refilled continuously at
 * {@code perPeriod} tokens per {@code periodNanos}. This is how ARM's per-resource budgets behave.
 */
public final class TokenBucket {

  private final SimClock clock;
  private final double capacity;
  private final double refillPerNano;
  private double tokens;
  private long last;

  public TokenBucket(SimClock clock, int capacity, int perPeriod, long periodNanos) {
    this.clock = clock;
    this.capacity = capacity;
    this.refillPerNano = (double) perPeriod / periodNanos;
    this.tokens = capacity;
    this.last = clock.nanos();
  }

  private void refill() {
    long now = clock.nanos();
    tokens = Math.min(capacity, tokens + (now - last) * refillPerNano);
    last = now;
  }

  /** Whole tokens left now. */
  public synchronized int remaining() {
    refill();
    return (int) Math.floor(tokens);
  }

  /** Takes a token if one is available. */
  public synchronized boolean tryTake() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Simulated nanoseconds until a token is available (0 if one is). */
  public synchronized long nanosUntilToken() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerNano);
  }

  /** Empties the bucket: forced throttling for fault injection. */
  public synchronized void drain() {
    refill();
    tokens = 0;
  }
}
