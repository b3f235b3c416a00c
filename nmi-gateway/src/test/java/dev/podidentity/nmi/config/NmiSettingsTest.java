package dev.podidentity.nmi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
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

  @Test
  void servicePrincipalsAreOffByDefaultAndBadSettingsAreRefusedWithTheKeyNamed() {
    NmiSettings s = NmiSettings.defaults("n", "localhost:9092", "http://169.254.169.254");
    assertThat(s.servicePrincipals().enabled()).isFalse();
    Duration d = Duration.ofSeconds(1);
    assertThatThrownBy(
            () ->
                new NmiSettings.ServicePrincipalSettings(
                    true, d, URI.create("http://login.example/"), d, d, null))
        .hasMessageContaining("nmi.service-principals.default-authority");
    assertThatThrownBy(
            () ->
                new NmiSettings.ServicePrincipalSettings(
                    true, d, URI.create("https://login.example/"), d, d, "/no/such/file.pem"))
        .hasMessageContaining("nmi.service-principals.trust-pem");
    assertThatThrownBy(
            () ->
                new NmiSettings.ServicePrincipalSettings(
                    true, d, URI.create("https://login.example/"), Duration.ZERO, d, null))
        .hasMessageContaining("nmi.service-principals.connect-timeout");
  }
}
