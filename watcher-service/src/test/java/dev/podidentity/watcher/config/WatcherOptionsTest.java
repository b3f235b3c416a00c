package dev.podidentity.watcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatcherOptionsTest {
  private static WatcherOptions options(
      String instance, Duration lease, Duration renew, Duration retry, Duration timeout) {
    return new WatcherOptions(
        instance,
        true,
        "default",
        "podidentity-watcher",
        lease,
        renew,
        retry,
        timeout,
        Duration.ZERO,
        timeout,
        timeout);
  }

  @Test
  void defaultsAreValid() {
    WatcherOptions o =
        options(
            "w-0",
            Duration.ofSeconds(15),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));

    assertThat(o.validate().source()).hasToString("watcher-service/w-0");
  }

  @Test
  void renewDeadlineMustBeShorterThanTheLease() {
    WatcherOptions o =
        options(
            "w-0",
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));

    assertThatThrownBy(o::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry-period < renew-deadline < duration");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    WatcherOptions o =
        options(" ", Duration.ofSeconds(15), Duration.ofSeconds(10), null, Duration.ZERO);

    assertThatThrownBy(o::validate)
        .hasMessageContaining("watcher.instance must be set")
        .hasMessageContaining("lease timing")
        .hasMessageContaining("timeouts must be positive");
  }
}
