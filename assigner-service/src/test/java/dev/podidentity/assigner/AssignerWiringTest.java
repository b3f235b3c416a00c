package dev.podidentity.assigner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import org.junit.jupiter.api.Test;

class AssignerWiringTest {
  @Test
  void badSettingsStopTheWiringBeforeAnyPartIsBuilt() {
    AssignerWiring wiring = new AssignerWiring();
    wiring.config = ConfigMappings.of(AssignerConfig.class, "assigner.drift-interval", "0s");

    assertThatThrownBy(wiring::check).hasMessageContaining("assigner.drift-interval must be > 0");
  }
}
