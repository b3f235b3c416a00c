package dev.podidentity.watcher;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import dev.podidentity.watcher.adapter.kafka.KafkaEventPublisher;
import dev.podidentity.watcher.config.WatcherConfig;
import dev.podidentity.watcher.config.WatcherOptions;
import dev.podidentity.watcher.sync.Role;
import dev.podidentity.watcher.sync.Watcher;
import dev.podidentity.watcher.sync.WatcherMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The application's watcher: started once the application starts (after the cluster is listed),
 * stopped on shutdown. {@link #stop()} and {@link #start()} also let tests restart it.
 */
@ApplicationScoped
public class WatcherService {
  private static final Logger LOG = Logger.getLogger(WatcherService.class);

  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;
  @Inject WatcherConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private WatcherOptions options;
  private WatcherMetrics metrics;
  private KafkaEventPublisher publisher;
  private volatile Watcher watcher;

  void onStart(@Observes StartupEvent event) {
    options = WatcherOptions.from(config);
    checkTopics();
    metrics = new WatcherMetrics(registry);
    publisher =
        KafkaEventPublisher.create(
            KafkaEventPublisher.settings(
                bootstrapServers,
                "watcher-" + options.instance(),
                options.deliveryTimeout(),
                options.maxBlock()),
            options.source());
    LOG.infof(
        "event=starting instance=%s lease=%s lease_name=%s/%s kafka=%s",
        options.instance(),
        options.leaseEnabled(),
        options.leaseNamespace(),
        options.leaseName(),
        bootstrapServers);
    start();
  }

  /** Refuses to start on topics that would lose state (not compacted) or do not exist. */
  private void checkTopics() {
    Map<String, Object> admin =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    List<String> problems;
    try (Admin client = Admin.create(admin)) {
      problems =
          TopicCheck.problems(
              client,
              List.of(
                  Topics.spec(Topics.NODES), Topics.spec(Topics.PODS), Topics.spec(Topics.CONFIG)),
              options.readTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cannot publish: " + String.join("; ", problems));
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
    if (publisher != null) {
      publisher.close();
    }
  }

  /** Lists the cluster (blocking up to the sync timeout) and competes for the lease. */
  public synchronized void start() {
    if (watcher != null) {
      return;
    }
    Watcher w = WatcherFactory.build(client, publisher, bootstrapServers, options, metrics);
    w.start();
    watcher = w;
  }

  /** Stops watching and publishing, releasing the lease; the process stays up. */
  public synchronized void stop() {
    if (watcher != null) {
      watcher.close();
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

  public WatcherOptions options() {
    return options;
  }
}
