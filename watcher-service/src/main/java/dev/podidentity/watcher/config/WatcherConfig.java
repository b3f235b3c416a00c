package dev.podidentity.watcher.config;

import dev.podidentity.events.config.SettingsCheck;
import dev.podidentity.events.messaging.OutgoingEvents;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/**
 * The watcher's settings ({@code watcher.*}, or the matching environment variables such as {@code
 * WATCHER_LEASE_NAMESPACE}). Checked at start by {@link #check}.
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

  /**
   * Wait before retrying a failed read of the topics after gaining the lease, and before sending
   * again the records a broker refused.
   */
  @WithDefault("5s")
  Duration retryDelay();

  /**
   * How often the leader writes its heartbeat (the NMIs fail closed when the newest is older than
   * their {@code nmi.waits.stale-after}, 5 s by default): well below that bound.
   */
  @WithDefault("1s")
  Duration heartbeatInterval();

  /** Leader election between replicas on a coordination.k8s.io Lease. */
  /** {@code c}, if every setting is usable; otherwise an exception naming every problem at once. */
  static WatcherConfig check(WatcherConfig c) {
    SettingsCheck check = SettingsCheck.of("watcher").notBlank(c.instance(), "watcher.instance");
    Lease l = c.lease();
    if (l.enabled()) {
      check
          .notBlank(l.namespace(), "watcher.lease.namespace")
          .notBlank(l.name(), "watcher.lease.name")
          .require(
              !l.retryPeriod().isNegative()
                  && !l.retryPeriod().isZero()
                  && l.retryPeriod().compareTo(l.renewDeadline()) < 0
                  && l.renewDeadline().compareTo(l.duration()) < 0,
              "lease timing must satisfy 0 < retry-period < renew-deadline < duration, was "
                  + l.retryPeriod()
                  + " / "
                  + l.renewDeadline()
                  + " / "
                  + l.duration());
    }
    check
        .positive(c.syncTimeout(), "watcher.sync-timeout")
        .positive(c.retryDelay(), "watcher.retry-delay")
        .positive(c.heartbeatInterval(), "watcher.heartbeat-interval")
        .positive(c.kafka().readTimeout(), "watcher.kafka.read-timeout")
        .positiveOrOff(c.resyncInterval(), "watcher.resync-interval")
        .orThrow();
    return c;
  }

  /** The CloudEvents source of every record the instance {@code c} sends. */
  static URI source(WatcherConfig c) {
    return OutgoingEvents.source("watcher-service", c.instance());
  }

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
