package dev.podidentity.watcher.engine;

import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.core.RecordKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watcher's Prometheus metrics. Labels are bounded: {@code kind} has five values, {@code
 * change} two, {@code reason} three. Latency is a histogram in milliseconds, buckets from 1 ms to
 * 10 s.
 */
public final class WatcherMetrics {
  static final double[] LATENCY_BUCKETS_MS = {
    1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000
  };

  private final MeterRegistry registry;
  private final Map<RecordKind, Counter> upserts = new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Counter> tombstones = new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Counter> suppressed = new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Counter> failures = new EnumMap<>(RecordKind.class);
  private final DistributionSummary latency;
  private final AtomicInteger leader = new AtomicInteger();
  private final AtomicLong heartbeatMillis = new AtomicLong();

  public WatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (RecordKind kind : RecordKind.values()) {
      upserts.put(kind, published(kind, "upsert"));
      tombstones.put(kind, published(kind, "tombstone"));
      suppressed.put(
          kind,
          Counter.builder("podidentity.watcher.updates.suppressed")
              .description("Updates that changed nothing that matters (e.g. pod status churn)")
              .tag("kind", kind.label())
              .register(registry));
      failures.put(
          kind,
          Counter.builder("podidentity.watcher.publish.failures")
              .description("Records the broker did not accept; they are sent again later")
              .tag("kind", kind.label())
              .register(registry));
    }
    latency =
        DistributionSummary.builder("podidentity.watcher.publish.latency")
            .description("From handing a record to the producer to the broker's acknowledgement")
            .baseUnit("milliseconds")
            .serviceLevelObjectives(LATENCY_BUCKETS_MS)
            .register(registry);
    registry.gauge("podidentity.watcher.leader", leader);
    // Alert on time() minus this: the NMIs fail closed once it exceeds their stale-after.
    Gauge.builder("podidentity.watcher.heartbeat.timestamp", heartbeatMillis, m -> m.get() / 1000.0)
        .description("As-of time of the last heartbeat the broker acknowledged (epoch seconds)")
        .baseUnit("seconds")
        .register(registry);
  }

  private Counter published(RecordKind kind, String change) {
    return Counter.builder("podidentity.watcher.records.published")
        .description("Records acknowledged by the broker")
        .tag("kind", kind.label())
        .tag("change", change)
        .register(registry);
  }

  void published(Publication p, long nanos) {
    (p.tombstone() ? tombstones : upserts).get(p.kind()).increment();
    latency.record(nanos / 1_000_000.0);
  }

  void failed(Publication p) {
    failures.get(p.kind()).increment();
  }

  void suppressed(Map<RecordKind, Integer> counts) {
    counts.forEach((kind, n) -> suppressed.get(kind).increment(n));
  }

  /** A full reconciliation against the listed cluster: {@code leader}, {@code periodic}. */
  void relisted(String reason) {
    registry.counter("podidentity.watcher.relists", "reason", reason).increment();
  }

  void heartbeat(long asOfMillis, boolean acknowledged) {
    if (acknowledged) {
      heartbeatMillis.accumulateAndGet(asOfMillis, Math::max);
    } else {
      registry.counter("podidentity.watcher.heartbeat.failures").increment();
    }
  }

  void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /** Total updates suppressed so far, for tests and benchmarks. */
  public double suppressedTotal(RecordKind kind) {
    return suppressed.get(kind).count();
  }

  /** Total records the broker did not accept so far, for tests. */
  public double failedTotal() {
    double sum = 0;
    for (Counter c : failures.values()) {
      sum += c.count();
    }
    return sum;
  }

  /** Total records acknowledged so far, for tests and benchmarks. */
  public double publishedTotal() {
    double sum = 0;
    for (RecordKind kind : RecordKind.values()) {
      sum += upserts.get(kind).count() + tombstones.get(kind).count();
    }
    return sum;
  }
}
