package dev.podidentity.watcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.testsupport.quarkus.ConfigMappings;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {
  static WatcherConfig config(String... keyValues) {
    return ConfigMappings.of(WatcherConfig.class, keyValues);
  }

  @Test
  void theDefaultsWithAPodNameAreValid() {
    WatcherConfig c = WatcherConfig.check(config("watcher.instance", "w-0"));

    assertThat(WatcherConfig.source(c)).hasToString("watcher-service/w-0");
  }

  @Test
  void renewDeadlineMustBeShorterThanTheLease() {
    WatcherConfig c =
        config(
            "watcher.instance",
            "w-0",
            "watcher.lease.duration",
            "10s",
            "watcher.lease.renew-deadline",
            "10s");

    assertThatThrownBy(() -> WatcherConfig.check(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry-period < renew-deadline < duration");
  }

  @Test
  void leaseTimingDoesNotMatterWithoutALease() {
    WatcherConfig c =
        config(
            "watcher.instance", "w-0",
            "watcher.lease.enabled", "false",
            "watcher.lease.duration", "1s",
            "watcher.lease.renew-deadline", "10s");

    assertThat(WatcherConfig.check(c)).isSameAs(c);
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    WatcherConfig c =
        config(
            "watcher.instance", " ",
            "watcher.lease.retry-period", "0s",
            "watcher.sync-timeout", "0s",
            "watcher.resync-interval", "-1s");

    assertThatThrownBy(() -> WatcherConfig.check(c))
        .hasMessageContaining("watcher.instance must be set")
        .hasMessageContaining("lease timing")
        .hasMessageContaining("watcher.sync-timeout must be > 0")
        .hasMessageContaining("watcher.resync-interval");
  }
}
