package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.testsupport.quarkus.ConfigMappings;
import dev.podidentity.watcher.config.WatcherConfig;
import org.junit.jupiter.api.Test;

class WatcherWiringTest {
  @Test
  void badSettingsStopTheWiringBeforeAnyPartIsBuilt() {
    WatcherWiring wiring = new WatcherWiring();
    wiring.config = ConfigMappings.of(WatcherConfig.class, "watcher.instance", " ");

    assertThatThrownBy(wiring::check).hasMessageContaining("watcher.instance must be set");
  }
}
