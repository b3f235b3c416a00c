package dev.podidentity.nmi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import org.junit.jupiter.api.Test;

class NmiWiringTest {
  @Test
  void badSettingsStopTheWiringBeforeAnyPartIsBuilt() {
    NmiWiring wiring = new NmiWiring();
    wiring.config =
        ConfigMappings.of(NmiConfig.class, "nmi.node-name", "n", "nmi.imds.url", "ftp://x");

    assertThatThrownBy(wiring::check).hasMessageContaining("nmi.imds.url");
  }
}
