package dev.podidentity.watcher;

import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.watcher.adapter.kubernetes.Fabric8ClusterSource;
import dev.podidentity.watcher.adapter.kubernetes.KubernetesWarningRecorder;
import dev.podidentity.watcher.adapter.kubernetes.LeaseLeadership;
import dev.podidentity.watcher.adapter.local.SoleLeadership;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.engine.Watcher;
import dev.podidentity.watcher.engine.WatcherMetrics;
import dev.podidentity.watcher.port.EventPublisher;
import dev.podidentity.watcher.port.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Builds a watcher instance from its real adapters: the application builds one per start, and the
 * leader-election test builds a second one beside it.
 */
public final class WatcherFactory {
  private WatcherFactory() {}

  /**
   * @param kafka the Kafka client settings of the application (the {@code kafka.*} keys), used to
   *     read the topics when this instance becomes leader
   * @param workers where the instance's resyncs and hand-offs run (the application's worker pool)
   */
  public static Watcher build(
      KubernetesClient client,
      EventPublisher publisher,
      Map<String, Object> kafka,
      WatcherConfig options,
      WatcherMetrics metrics,
      Executor workers) {
    Leadership leadership =
        options.lease().enabled()
            ? new LeaseLeadership(
                client,
                options.lease().namespace(),
                options.lease().name(),
                // Unique per process: a restarted pod with the same name is a new candidate.
                options.instance() + "-" + UUID.randomUUID().toString().substring(0, 8),
                new LeaseLeadership.Timing(
                    options.lease().duration(),
                    options.lease().renewDeadline(),
                    options.lease().retryPeriod()))
            : new SoleLeadership();
    return new Watcher(
        new Fabric8ClusterSource(client),
        publisher,
        new CompactedTopicReader(kafka, options.kafka().readTimeout())::latest,
        new KubernetesWarningRecorder(client, options.instance()),
        leadership,
        metrics,
        new Watcher.Settings(options.syncTimeout(), options.resyncInterval(), options.retryDelay()),
        workers);
  }
}
