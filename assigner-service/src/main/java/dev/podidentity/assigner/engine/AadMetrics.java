package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.port.ClusterCalls;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.aad.AadExposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * aad-pod-identity's MIC metrics, with the names, types, label keys, units and buckets its
 * OpenCensus exporter gave them ({@code aadpodidentity_*}), so dashboards and alerts written for
 * aad keep working. They live in a registry of their own, served on aad's port by {@link #scrape}:
 * Micrometer's Prometheus output names every counter {@code ..._total}, and aad's counters end in
 * {@code _count}. Here the text is written as aad's exporter (client_golang, format 0.0.4) wrote
 * it: a counter under its family's name ({@code # TYPE x counter} then {@code x 3}, no {@code
 * _total}), histograms as {@code _bucket} (Go-formatted {@code le}), {@code _sum}, {@code _count}.
 * Labels are aad's and bounded: an operation name from a fixed set, never a pod, identity or
 * target.
 */
public final class AadMetrics {
  /** aad's buckets for AzureAssignedIdentity writes, in seconds. */
  static final double[] WRITE_BUCKETS = {
    0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4, 5, 10
  };

  /** aad's buckets for a sync cycle and for cloud provider calls, in seconds. */
  static final double[] CYCLE_BUCKETS = {0.5, 1, 5, 10, 30, 60, 120, 300, 600, 900, 1200};

  /** aad's {@code operation_type} values of cloud provider calls, by target kind and method. */
  static String cloudOperation(ComputeTarget.Kind kind, String method) {
    boolean write = "PATCH".equals(method);
    if (kind == ComputeTarget.Kind.SCALE_SET) {
      return write ? "vmss_update" : "vmss_get";
    }
    return write ? "vm_update" : "vm_get";
  }

  /** aad's {@code operation_type} of a failed AzureAssignedIdentity write. */
  static String clusterOperation(ClusterCalls.Write write) {
    return switch (write) {
      case CREATE -> "assigned_identity_addition";
      case UPDATE -> "assigned_identity_update";
      case DELETE -> "assigned_identity_deletion";
    };
  }

  private final PrometheusMeterRegistry registry;
  private final Map<ClusterCalls.Write, Counter> writes = new EnumMap<>(ClusterCalls.Write.class);
  private final Map<ClusterCalls.Write, Timer> writeDurations =
      new EnumMap<>(ClusterCalls.Write.class);
  private final Map<ClusterCalls.Write, Counter> writeErrors =
      new EnumMap<>(ClusterCalls.Write.class);
  private final Map<String, Counter> cloudErrors = new HashMap<>();
  private final Map<String, Timer> cloudDurations = new HashMap<>();
  private final Counter cycles;
  private final Timer cycleDuration;
  private final Counter elections;

  private AadMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      cycles = null;
      cycleDuration = null;
      elections = null;
      return;
    }
    // Every label value is known: each series exists from the start, at 0.
    for (ClusterCalls.Write write : ClusterCalls.Write.values()) {
      String op = clusterOperation(write).substring("assigned_identity_".length());
      writeDurations.put(
          write,
          timer(
              "aadpodidentity.assigned.identity." + op + ".duration",
              "Duration in seconds of assigned identity " + op + " operations",
              WRITE_BUCKETS,
              null));
      writes.put(
          write,
          counter(
              "aadpodidentity.assigned.identity." + op + ".count",
              "Total number of assigned identity " + op + " operations",
              null));
      writeErrors.put(
          write,
          counter(
              "aadpodidentity.kubernetes.api.operations.errors.count",
              "Total number of errors in kubernetes api operations",
              clusterOperation(write)));
    }
    for (ComputeTarget.Kind kind : ComputeTarget.Kind.values()) {
      for (String method : List.of("GET", "PATCH")) {
        String op = cloudOperation(kind, method);
        cloudErrors.put(
            op,
            counter(
                "aadpodidentity.cloud.provider.operations.errors.count",
                "Total number of errors in cloud provider operations",
                op));
        cloudDurations.put(
            op,
            timer(
                "aadpodidentity.cloud.provider.operations.duration",
                "Duration in seconds of cloudprovider operations",
                CYCLE_BUCKETS,
                op));
      }
    }
    cycleDuration =
        timer(
            "aadpodidentity.mic.cycle.duration",
            "Duration in seconds for single mic sync cycle",
            CYCLE_BUCKETS,
            null);
    cycles =
        counter("aadpodidentity.mic.cycle.count", "Total number of cycles executed in mic", null);
    elections =
        counter(
            "aadpodidentity.mic.new.leader.election.count",
            "Total number of new leader election in mic",
            null);
  }

  /** Records into a registry of its own, served by {@link #scrape}. */
  public static AadMetrics create() {
    return new AadMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Records nothing: the aad listener is off. */
  public static AadMetrics off() {
    return new AadMetrics(null);
  }

  /** One ARM request: aad counted failures, and timed only the successful ones. */
  void cloudCall(ComputeTarget.Kind kind, String method, boolean ok, long nanos) {
    if (registry == null) {
      return;
    }
    String op = cloudOperation(kind, method);
    if (ok) {
      cloudDurations.get(op).record(nanos, TimeUnit.NANOSECONDS);
    } else {
      cloudErrors.get(op).increment();
    }
  }

  /** One run of one target: the nearest to aad's sync cycle (which ran over every node). */
  void cycle(long nanos) {
    if (registry != null) {
      cycles.increment();
      cycleDuration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** This replica was handed targets to act on: our election (aad's MIC elected one leader). */
  void leaderElected() {
    if (registry != null) {
      elections.increment();
    }
  }

  /** One AzureAssignedIdentity write: counted and timed when it worked, an API error if not. */
  void clusterWrite(ClusterCalls.Write write, boolean ok, long nanos) {
    if (registry == null) {
      return;
    }
    if (ok) {
      writes.get(write).increment();
      writeDurations.get(write).record(nanos, TimeUnit.NANOSECONDS);
    } else {
      writeErrors.get(write).increment();
    }
  }

  private Counter counter(String name, String description, String operationType) {
    Counter.Builder b = Counter.builder(name).description(description);
    if (operationType != null) {
      b.tag("operation_type", operationType);
    }
    return b.register(registry);
  }

  private Timer timer(String name, String description, double[] buckets, String operationType) {
    Timer.Builder b =
        Timer.builder(name)
            .description(description)
            .serviceLevelObjectives(AadExposition.buckets(buckets));
    if (operationType != null) {
      b.tag("operation_type", operationType);
    }
    return b.register(registry);
  }

  /** The metrics as aad's exporter wrote them; empty when off. */
  public String scrape() {
    return registry == null ? "" : AadExposition.text(registry);
  }
}
