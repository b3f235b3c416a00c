package dev.podidentity.watcher;

import dev.podidentity.watcher.adapter.kafka.KafkaTopicContents;
import dev.podidentity.watcher.adapter.kubernetes.Fabric8ClusterSource;
import dev.podidentity.watcher.adapter.kubernetes.KubernetesWarningRecorder;
import dev.podidentity.watcher.adapter.kubernetes.LeaseLeadership;
import dev.podidentity.watcher.adapter.local.SoleLeadership;
import dev.podidentity.watcher.config.WatcherOptions;
import dev.podidentity.watcher.port.EventPublisher;
import dev.podidentity.watcher.port.Leadership;
import dev.podidentity.watcher.sync.Watcher;
import dev.podidentity.watcher.sync.WatcherMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.UUID;

/** Builds a watcher from its real adapters, without CDI: the application and tests share it. */
public final class WatcherFactory {
  private WatcherFactory() {}

  public static Watcher build(
      KubernetesClient client,
      EventPublisher publisher,
      String bootstrapServers,
      WatcherOptions options,
      WatcherMetrics metrics) {
    Leadership leadership =
        options.leaseEnabled()
            ? new LeaseLeadership(
                client,
                options.leaseNamespace(),
                options.leaseName(),
                // Unique per process: a restarted pod with the same name is a new candidate.
                options.instance() + "-" + UUID.randomUUID().toString().substring(0, 8),
                new LeaseLeadership.Timing(
                    options.leaseDuration(), options.renewDeadline(), options.retryPeriod()))
            : new SoleLeadership();
    return new Watcher(
        new Fabric8ClusterSource(client),
        publisher,
        new KafkaTopicContents(bootstrapServers, options.readTimeout()),
        new KubernetesWarningRecorder(client, options.instance()),
        leadership,
        metrics,
        new Watcher.Settings(
            options.syncTimeout(), options.resyncInterval(), options.retryDelay()));
  }
}
