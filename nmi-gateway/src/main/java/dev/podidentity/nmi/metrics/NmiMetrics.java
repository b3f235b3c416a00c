package dev.podidentity.nmi.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The NMI's meters, prefix {@code podidentity_nmi_}. Every label value comes from a fixed set (an
 * outcome or result name chosen in code), never from request input, so cardinality is bounded.
 * Durations are summaries in milliseconds with millisecond buckets.
 */
public final class NmiMetrics {
  /** Buckets from 0.25 ms (a cache hit) to 30 s (the longest wait), in milliseconds. */
  private static final double[] MS_BUCKETS = {
    0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000, 30000
  };

  private final MeterRegistry registry;
  private final AadMetrics aad;
  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> counters =
      new ConcurrentHashMap<>();
  private final DistributionSummary requestDuration;
  private final DistributionSummary imdsDuration;
  private final DistributionSummary entraDuration;
  private final DistributionSummary tokenRequestDuration;
  private final DistributionSummary upstreamOverhead;
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  /**
   * Answers by outcome. Counted in adders the registry reads at scrape time: every request counts
   * here, and the global registry's composite counters cost a visible share of a cache hit.
   */
  private final ConcurrentMap<String, LongAdder> requests = new ConcurrentHashMap<>();

  public NmiMetrics(MeterRegistry registry) {
    this(registry, AadMetrics.off());
  }

  /** {@code aad} gets what aad-pod-identity's NMI measured, under aad's names. */
  public NmiMetrics(MeterRegistry registry, AadMetrics aad) {
    this.registry = registry;
    this.aad = aad;
    requestDuration = summary("podidentity.nmi.request.duration", "token endpoint answer time");
    imdsDuration = summary("podidentity.nmi.imds.duration", "IMDS call time");
    entraDuration = summary("podidentity.nmi.entra.duration", "Entra token call time");
    tokenRequestDuration =
        summary(
            "podidentity.nmi.tokenrequest.duration",
            "Kubernetes TokenRequest time (federated identities' service-account tokens)");
    upstreamOverhead =
        summary(
            "podidentity.nmi.upstream.overhead",
            "the NMI's own time in token requests that called upstream: answer time − the upstream"
                + " call's");
    FunctionCounter.builder("podidentity.nmi.token.cache.hits", cacheHits, LongAdder::doubleValue)
        .description("token answers served from the cache")
        .register(registry);
    FunctionCounter.builder(
            "podidentity.nmi.token.cache.misses", cacheMisses, LongAdder::doubleValue)
        .description("token answers that needed an upstream call")
        .register(registry);
  }

  private DistributionSummary summary(String name, String description) {
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit("milliseconds")
        .serviceLevelObjectives(MS_BUCKETS)
        .register(registry);
  }

  /** aad-pod-identity's metrics. */
  public AadMetrics aad() {
    return aad;
  }

  /** One answered request: {@code outcome} is one of the fixed outcome names. */
  public void request(String outcome, double millis) {
    LongAdder count = requests.get(outcome);
    if (count == null) {
      count =
          requests.computeIfAbsent(
              outcome,
              o -> {
                LongAdder adder = new LongAdder();
                FunctionCounter.builder("podidentity.nmi.requests", adder, LongAdder::doubleValue)
                    .description("token endpoint answers by outcome")
                    .tag("outcome", o)
                    .register(registry);
                return adder;
              });
    }
    count.increment();
    requestDuration.record(millis);
  }

  /**
   * A token request that called upstream (a cache miss, an exception pod's forward) spent {@code
   * millis} beyond the upstream call's own time: beside {@code imds.duration}, whether the NMI or
   * IMDS is slow.
   */
  public void upstreamOverhead(double millis) {
    upstreamOverhead.record(millis);
  }

  public void cacheHit() {
    cacheHits.increment();
  }

  public void cacheMiss() {
    cacheMisses.increment();
  }

  /** One IMDS call: {@code outcome} ok, throttled, error, timeout or refused. */
  public void imds(String outcome, double millis) {
    counter("podidentity.nmi.imds.requests", "outcome", outcome).increment();
    imdsDuration.record(millis);
  }

  /**
   * One Entra token call for a service principal: {@code outcome} ok, throttled, error, refused.
   */
  public void entra(String outcome, double millis) {
    counter("podidentity.nmi.entra.requests", "outcome", outcome).increment();
    entraDuration.record(millis);
  }

  /**
   * One TokenRequest for a federated identity's pod: {@code outcome} ok, refused or error. Beside
   * the Entra call's time it splits a federated token's cold path in two.
   */
  public void tokenRequest(String outcome, double millis) {
    counter("podidentity.nmi.tokenrequest.requests", "outcome", outcome).increment();
    tokenRequestDuration.record(millis);
  }

  /** One read of a service principal's Secret: {@code outcome} ok, not_found, forbidden, error. */
  public void secretRead(String outcome) {
    counter("podidentity.nmi.secret.reads", "outcome", outcome).increment();
  }

  /** How a wait ended: {@code kind} pod or assignment; result resolved, timeout, stale, closed. */
  public void waitEnded(String kind, String result) {
    counter("podidentity.nmi." + kind + ".waits", "result", result).increment();
  }

  /** A prefetch of one (identity, resource): fetched, failed, or skipped (fresh, backing off). */
  public void prefetch(String outcome) {
    prefetch(outcome, 1);
  }

  /** {@code count} prefetches of one outcome at once. */
  public void prefetch(String outcome, int count) {
    if (count > 0) {
      counter("podidentity.nmi.prefetch", "outcome", outcome).increment(count);
    }
  }

  public void deadLettered() {
    counter("podidentity.nmi.deadletters", "topic", "any").increment();
  }

  /** Seconds since the view was last confirmed current; a gauge read at scrape time. */
  public <T> void viewAge(T holder, Function<T, Double> seconds) {
    Gauge.builder("podidentity.nmi.view.age", holder, h -> seconds.apply(h))
        .description("seconds since the authorisation view was last confirmed current")
        .baseUnit("seconds")
        .register(registry);
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** A monotonic count kept elsewhere, read at scrape time. */
  public void counter(String name, String description, LongSupplier value) {
    FunctionCounter.builder(name, value, v -> v.getAsLong())
        .description(description)
        .register(registry);
  }

  private Counter counter(String name, String tag, String value) {
    // Two-level lookup, plain gets first: no string is built and no bin locked per request.
    ConcurrentMap<String, Counter> byValue = counters.get(name);
    if (byValue == null) {
      byValue = counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }
    Counter counter = byValue.get(value);
    if (counter == null) {
      counter =
          byValue.computeIfAbsent(value, v -> Counter.builder(name).tag(tag, v).register(registry));
    }
    return counter;
  }
}
