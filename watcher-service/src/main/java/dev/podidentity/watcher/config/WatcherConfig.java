package dev.podidentity.watcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The watcher's settings ({@code watcher.*}, or the matching environment variables such as {@code
 * WATCHER_LEASE_NAMESPACE}). Checked at start by {@link WatcherOptions#from}.
 */
@ConfigMapping(prefix = "watcher")
public interface WatcherConfig {
  /** This replica's name (the pod name): CloudEvents source and lease holder prefix. */
  String instance();

  Lease lease();

  Kafka kafka();

  /** How long the initial list of the cluster may take before start fails. */
  @WithDefault("60s")
  Duration syncTimeout();

  /** How often the leader reconciles everything against its caches; 0 turns it off. */
  @WithDefault("10m")
  Duration resyncInterval();

  /** Wait before retrying a failed read of the topics after gaining the lease. */
  @WithDefault("5s")
  Duration retryDelay();

  /** Leader election between replicas on a coordination.k8s.io Lease. */
  interface Lease {
    /** Off: this instance publishes alone (one replica only). */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("default")
    String namespace();

    @WithDefault("podidentity-watcher")
    String name();

    @WithDefault("15s")
    Duration duration();

    @WithDefault("10s")
    Duration renewDeadline();

    @WithDefault("2s")
    Duration retryPeriod();
  }

  /**
   * Kafka: the broker and its security are the standard {@code kafka.*} keys (for example {@code
   * KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL}); the producer's own settings are
   * those of the {@code cluster-events} channel ({@code mp.messaging.outgoing.cluster-events.*}).
   */
  interface Kafka {
    /** Upper bound for reading a topic to its end after gaining the lease. */
    @WithDefault("60s")
    Duration readTimeout();
  }
}
