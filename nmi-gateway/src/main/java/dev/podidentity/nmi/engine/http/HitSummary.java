package dev.podidentity.nmi.engine.http;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Granted cache hits, summed in the request log instead of one line each: a pod that asks for its
 * token in a loop would otherwise write millions of lines a day on its node. Hits are counted per
 * (source IP, pod, identity, resource) and written as one line per key every {@code interval}, with
 * the count and the longest answer time; at most {@code maxKeys} keys per interval, the hits of
 * further keys going into one line of their own. Everything else (denials, token-cache misses,
 * errors, waits that ended in 503) stays one line per request, so every refusal can be traced to
 * its request. An interval of zero turns summing off: every hit is a line again.
 *
 * <p>Bound: at most {@code maxKeys + 1} lines per interval for granted hits, whatever the request
 * rate (defaults 1,000 and 60 s: at most 16.7 lines a second, 1.44 million a day per node; a node
 * whose pods use 50 (identity, resource) pairs writes 50 a minute, 72,000 a day).
 */
public final class HitSummary implements AutoCloseable {
  /** Looked up on every hit: equality is written out, as {@code engine.token.CacheKey} explains. */
  private record Key(String ip, String pod, String identity, String resource) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && ip.equals(k.ip)
          && Objects.equals(pod, k.pod)
          && Objects.equals(identity, k.identity)
          && resource.equals(k.resource);
    }

    @Override
    public int hashCode() {
      int h = ip.hashCode();
      h = 31 * h + Objects.hashCode(pod);
      h = 31 * h + Objects.hashCode(identity);
      return 31 * h + resource.hashCode();
    }
  }

  /** Mutated only inside the map's {@code compute}, under its bin lock. */
  private static final class Sum {
    long count;
    long maxNanos;
  }

  private static final Logger LOG = Logger.getLogger(HitSummary.class);

  private final RequestLog log;
  private final long intervalSeconds;
  private final int maxKeys;
  private final ConcurrentHashMap<Key, Sum> sums = new ConcurrentHashMap<>();
  private final Sum overflow = new Sum();
  private final Cancellable ticks;

  /**
   * @param interval how long hits are summed; zero turns summing off
   * @param maxKeys keys summed per interval, beyond which hits go into one overflow line
   * @param workers where the summary lines are written from
   */
  public HitSummary(RequestLog log, Duration interval, int maxKeys, Executor workers) {
    this.log = log;
    this.intervalSeconds = interval.toSeconds();
    this.maxKeys = maxKeys;
    this.ticks = interval.isZero() ? null : every(interval, workers, this::flush);
  }

  /**
   * Runs {@code action} every {@code period} on {@code workers}; a tick that comes while the last
   * run is still going is dropped.
   */
  private static Cancellable every(Duration period, Executor workers, Runnable action) {
    // The first tick one period in: a tick at once would cut the first interval short (a summary
    // of the first hits after start, not of an interval's).
    return Multi.createFrom()
        .ticks()
        .startingAfter(period)
        .every(period)
        .onOverflow()
        .drop()
        .emitOn(workers)
        .subscribe()
        .with(tick -> action.run(), e -> LOG.error("the summary of cache hits stopped", e));
  }

  /**
   * Takes an answered token request into the summary if it is a granted cache hit and summing is
   * on. False means the caller writes the request's own line: a denial, a miss, an error, or any
   * request while summing is off.
   */
  public boolean summed(
      int status,
      boolean cacheHit,
      String ip,
      String pod,
      String identity,
      String resource,
      long nanos) {
    if (ticks == null || status != 200 || !cacheHit) {
      return false;
    }
    // One lookup: a key not summed yet is left out (null) when the interval has its fill of keys.
    Sum summed =
        sums.compute(
            new Key(ip, pod, identity, resource),
            (k, sum) ->
                sum != null
                    ? add(sum, nanos)
                    : sums.size() >= maxKeys ? null : add(new Sum(), nanos));
    if (summed == null) {
      synchronized (overflow) {
        add(overflow, nanos);
      }
    }
    return true;
  }

  private static Sum add(Sum sum, long nanos) {
    sum.count++;
    sum.maxNanos = Math.max(sum.maxNanos, nanos);
    return sum;
  }

  /** Writes one line per key summed since the last flush, and starts the next interval. */
  public void flush() {
    for (Key key : sums.keySet()) {
      // Removed under the bin lock: a hit either made it into this line or starts the next sum.
      Sum sum = sums.remove(key);
      if (sum != null) {
        write(key, sum.count, sum.maxNanos);
      }
    }
    long count;
    long max;
    synchronized (overflow) {
      count = overflow.count;
      max = overflow.maxNanos;
      overflow.count = 0;
      overflow.maxNanos = 0;
    }
    if (count > 0) {
      write(null, count, max);
    }
  }

  private void write(Key key, long count, long maxNanos) {
    StringBuilder line = new StringBuilder(192).append("token cache hits");
    if (key == null) {
      line.append(" of further pods and resources (more than ").append(maxKeys).append(" keys)");
    } else {
      line.append(" ip=")
          .append(key.ip())
          .append(" pod=")
          .append(key.pod())
          .append(" identity=")
          .append(key.identity())
          .append(" resource=")
          .append(Safe.forLog(key.resource()));
    }
    line.append(" status=200 outcome=granted count=")
        .append(count)
        .append(" interval_s=")
        .append(intervalSeconds)
        .append(" max_duration_ms=")
        .append(Math.round(maxNanos / 1000.0) / 1000.0);
    log.line(line);
  }

  /** Stops the ticks and writes what is summed. */
  @Override
  public void close() {
    if (ticks != null) {
      ticks.cancel();
      flush();
    }
  }
}
