package dev.podidentity.watcher;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import dev.podidentity.watcher.adapter.kafka.KafkaEventPublisher;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.engine.Role;
import dev.podidentity.watcher.engine.Watcher;
import dev.podidentity.watcher.engine.WatcherMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The application's watcher: started once the application starts (after the cluster is listed),
 * stopped on shutdown. {@link #stop()} and {@link #start()} also let tests restart it.
 */
@ApplicationScoped
public class WatcherService {
  private static final Logger LOG = Logger.getLogger(WatcherService.class);

  @Inject WatcherConfig config;
  @Inject WatcherMetrics metrics;
  @Inject KafkaEventPublisher events;
  @Inject Instance<Watcher> watchers;

  /** The {@code kafka.*} settings (and KAFKA_* variables): broker, TLS, SASL. */
  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  private volatile Watcher watcher;

  void onStart(@Observes StartupEvent event) {
    WatcherConfig options = config;
    // Refuses to start on topics that would lose state (not compacted), that do not exist, or
    // that this principal may not describe; the heartbeats' is checked as deleted by time.
    TopicCheck.require(
        kafka,
        List.of(
            Topics.spec(Topics.NODES),
            Topics.spec(Topics.PODS),
            Topics.spec(Topics.CONFIG),
            Topics.spec(Topics.HEARTBEATS)),
        options.kafka().readTimeout());
    LOG.infof(
        "event=starting instance=%s lease=%s lease_name=%s/%s kafka=%s",
        options.instance(),
        options.lease().enabled(),
        options.lease().namespace(),
        options.lease().name(),
        kafka.get("bootstrap.servers"));
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Lists the cluster (blocking up to the sync timeout) and competes for the lease. */
  public synchronized void start() {
    if (watcher != null) {
      return;
    }
    Watcher w = watchers.get();
    w.start();
    watcher = w;
  }

  /** Stops watching and publishing, releasing the lease; the process stays up. */
  public synchronized void stop() {
    if (watcher != null) {
      watcher.close();
      watchers.destroy(watcher);
      watcher = null;
    }
  }

  public Role role() {
    Watcher w = watcher;
    return w == null ? Role.STOPPED : w.role();
  }

  public boolean live() {
    Watcher w = watcher;
    return w == null || w.live();
  }

  public WatcherMetrics metrics() {
    return metrics;
  }

  public WatcherConfig options() {
    return config;
  }

  /** The Kafka client settings the application runs with. */
  public Map<String, Object> kafka() {
    return kafka;
  }

  /** The channel publisher, for a second instance in the same process (the lease test). */
  public KafkaEventPublisher events() {
    return events;
  }
}
