package dev.podidentity.watcher;

import static org.awaitility.Awaitility.await;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.watcher.core.RecordKind;
import dev.podidentity.watcher.engine.WatcherMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * What an idle cluster makes the watcher publish: every node reports its status (a kubelet does at
 * least every 5 minutes, 288 times a day), a tenth of the pods restart a container, and a periodic
 * resync runs. None of it changes a projection, so the goal is no record at all; the figure is the
 * records published per status update seen, which scales to a day by the number of updates.
 */
final class IdleChurn {
  static final int SAMPLE = Integer.getInteger("benchmark.churn", 1_000);
  private final ScaleCluster cluster;
  private final PrefilledTestServer server;
  private final WatcherMetrics metrics;
  private final MeterRegistry registry;

  IdleChurn(
      ScaleCluster cluster,
      PrefilledTestServer server,
      WatcherMetrics metrics,
      MeterRegistry registry) {
    this.cluster = cluster;
    this.server = server;
    this.metrics = metrics;
    this.registry = registry;
  }

  void measure() {
    // The test server replays every object as ADDED when a watch opens (a real API server sends
    // nothing from a current resourceVersion); wait for those to drain so they are not counted.
    double[] last = {-1};
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              double now = suppressed();
              boolean still = now == last[0];
              last[0] = now;
              return still;
            });
    double published = metrics.publishedTotal();
    double nodes0 = metrics.suppressedTotal(RecordKind.NODE);
    double pods0 = metrics.suppressedTotal(RecordKind.POD);
    // A sample: the figure is records per update. At 150,000 pods the informers did not take in
    // 20,000 updates within 5 minutes on the loaded machine (2026-12-06, load 19).
    int beats = Math.min(cluster.nodes, SAMPLE);
    int restarted = 0;
    for (int i = 0; i < beats; i++) {
      cluster.heartbeat(server, i);
    }
    for (int i = 0; i < cluster.pods && restarted < SAMPLE; i += 10) {
      cluster.restart(server, i, 1);
      restarted++;
    }
    double resyncs = resyncs();
    int pods = restarted;
    System.out.printf(
        "BENCHMARK idle churn sent: %d node status reports, %d pod status changes%n", beats, pods);
    double updates = beats + pods;
    // Every update seen is either suppressed or published.
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> suppressed() - nodes0 - pods0 + metrics.publishedTotal() - published >= updates);
    // One periodic resync after the churn, over the whole cluster.
    await().atMost(Duration.ofMinutes(2)).until(() -> resyncs() >= resyncs + 1);
    double sent = metrics.publishedTotal() - published;
    System.out.printf(
        "BENCHMARK idle churn: %d node status reports and %d pod status changes seen, %.0f"
            + " suppressed, %.0f periodic resyncs; records published %.0f (%.4f per update)%n",
        beats, pods, suppressed() - nodes0 - pods0, resyncs() - resyncs, sent, sent / updates);
    BenchmarkReport.record(
        "K1",
        String.format(
            "watcher's Kafka records from status-only churn: %,d node heartbeats + %,d pod"
                + " restarts + periodic resyncs of %,d pods",
            beats, pods, cluster.pods),
        String.format(
            "%.0f records (%.4f per update; x 288 heartbeats a day of 5,000 nodes: %.0f a day);"
                + " besides, the leader's own heartbeat: %,d records a day at any cluster size"
                + " (one a second, about 480 B each on disk with its CloudEvents headers)",
            sent, sent / updates, sent / updates * 5_000 * 288, 86_400),
        "",
        "0 records from churn");
  }

  private double suppressed() {
    return metrics.suppressedTotal(RecordKind.NODE) + metrics.suppressedTotal(RecordKind.POD);
  }

  private double resyncs() {
    return registry.counter("podidentity.watcher.relists", "reason", "periodic").count();
  }
}
