package dev.podidentity.nmi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NmiSettingsTest {
  @Test
  void defaultsAreValidAndManagedModeIsNamespaced() {
    NmiSettings s = NmiSettings.defaults("node", "localhost:9092", "http://169.254.169.254");
    assertThat(s.port()).isEqualTo(2579);
    assertThat(s.policy().namespaced()).isFalse();
    assertThat(new dev.podidentity.nmi.core.Policy(false, true, 1).namespaced()).isTrue();
  }

  @Test
  void aMissingNodeNameIsRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> NmiSettings.defaults(" ", "localhost:9092", "http://169.254.169.254"))
        .hasMessageContaining("nmi.node-name (NODE_NAME)");
  }

  @Test
  void anImdsUrlThatIsNotPlainHttpIsRefused() {
    assertThatThrownBy(() -> NmiSettings.defaults("n", "localhost:9092", "ftp://x"))
        .hasMessageContaining("nmi.imds.url");
  }

  @Test
  void kafkaClientPropertiesAreParsed() {
    assertThat(NmiSettings.parseProperties("security.protocol=SSL; a = b ;"))
        .isEqualTo(Map.of("security.protocol", "SSL", "a", "b"));
    assertThatThrownBy(() -> NmiSettings.parseProperties("novalue"))
        .hasMessageContaining("key=value");
  }
}
