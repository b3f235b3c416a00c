package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.port.CloudCalls;
import dev.podidentity.assigner.port.ClusterCalls;
import dev.podidentity.events.ComputeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The assigner's metrics. Labels are bounded: operation, outcome and error kind only — never a pod,
 * identity or target name. What aad-pod-identity's MIC measured is also handed to {@link
 * AadMetrics}, under aad's names.
 */
public final class AssignerMetrics implements CloudCalls, ClusterCalls {
  private static final Duration[] MS_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    Duration.ofSeconds(60), Duration.ofSeconds(120)
  };

  private final MeterRegistry registry;
  private final AadMetrics aad;
  private final Timer podToAssigned;
  private final Counter throttled;
  final AtomicInteger queueDepth = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();

  /** Quarantined identities by target: the gauge is their sum, each target sets its own. */
  private final Map<ComputeTarget, Integer> quarantined = new ConcurrentHashMap<>();

  public AssignerMetrics(MeterRegistry registry) {
    this(registry, AadMetrics.off());
  }

  public AssignerMetrics(MeterRegistry registry, AadMetrics aad) {
    this.registry = registry;
    this.aad = aad;
    this.podToAssigned =
        Timer.builder("podidentity.assigner.pod.to.assigned")
            .description("From a pod's first plan to all its cloud identities on its target")
            .serviceLevelObjectives(MS_BUCKETS)
            .register(registry);
    this.throttled =
        Counter.builder("podidentity.assigner.cloud.throttled")
            .description("429 answers received from ARM")
            .register(registry);
    registry.gauge("podidentity.assigner.queue.depth", queueDepth);
    registry.gauge("podidentity.assigner.operations.in.flight", inFlight);
    registry.gauge(
        "podidentity.assigner.identities.quarantined",
        quarantined,
        m -> m.values().stream().mapToInt(Integer::intValue).sum());
  }

  /** How many identities {@code target} has in quarantine now (0 or a release forgets it). */
  void quarantined(ComputeTarget target, int count) {
    if (count == 0) {
      quarantined.remove(target);
    } else {
      quarantined.put(target, count);
    }
  }

  void podAssigned(long nanos) {
    podToAssigned.record(Duration.ofNanos(nanos));
  }

  void throttled() {
    throttled.increment();
  }

  /** One run of one target ended, after {@code nanos}. */
  void run(long nanos) {
    aad.cycle(nanos);
  }

  /** The consumer group handed this replica partitions of pods: targets to act on. */
  public void partitionsGained() {
    aad.leaderElected();
  }

  @Override
  public void written(Write write, boolean ok, long nanos) {
    aad.clusterWrite(write, ok, nanos);
  }

  /** A cloud request: operation GET or PATCH, outcome ok or an error kind. */
  @Override
  public void completed(ComputeTarget.Kind kind, String operation, String outcome, long nanos) {
    aad.cloudCall(kind, operation, "ok".equals(outcome), nanos);
    Timer.builder("podidentity.assigner.cloud.requests")
        .description("ARM identity requests by operation and outcome")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .serviceLevelObjectives(MS_BUCKETS)
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }
}
