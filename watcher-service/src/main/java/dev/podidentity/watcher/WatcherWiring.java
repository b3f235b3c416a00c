package dev.podidentity.watcher;

import dev.podidentity.events.kafka.CompactedTopicReader;
import dev.podidentity.watcher.adapter.kafka.KafkaEventPublisher;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The watcher's one wiring place. A watcher is produced anew for each start (a restart is a new
 * lease candidate); the leader-election test builds a second one beside the application's with
 * {@link #watcher(KubernetesClient, EventPublisher, Map, WatcherConfig, WatcherMetrics, Executor)}.
 */
@Singleton
public class WatcherWiring {
  @Inject WatcherConfig config;

  /**
   * A bad setting stops the start with every problem named, before any part is built from it: the
   * container makes this instance, and so runs this, before it calls any of its producers.
   */
  @PostConstruct
  void check() {
    WatcherConfig.check(config);
  }

  @Produces
  @Singleton
  WatcherMetrics metrics(MeterRegistry registry) {
    return new WatcherMetrics(registry);
  }

  /**
   * @param kafka the {@code kafka.*} settings (and KAFKA_* variables): broker, TLS, SASL; the
   *     topics are read with them when this instance becomes leader
   */
  @Produces
  @Dependent
  Watcher watcher(
      KubernetesClient client,
      KafkaEventPublisher events,
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      WatcherMetrics metrics) {
    return watcher(
        client,
        events.as(WatcherConfig.source(config)),
        kafka,
        config,
        metrics,
        Infrastructure.getDefaultExecutor());
  }

  /**
   * A watcher from its real adapters.
   *
   * @param workers where its resyncs and hand-offs run (the application's worker pool)
   */
  public Watcher watcher(
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
        new Watcher.Settings(
            options.instance(),
            options.syncTimeout(),
            options.resyncInterval(),
            options.retryDelay(),
            options.heartbeatInterval()),
        workers);
  }
}
