package dev.podidentity.nmi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NmiSettingsTest {
  @Test
  void defaultsAreValidAndManagedModeIsNamespaced() {
    NmiSettings s = NmiSettings.defaults("node", "http://169.254.169.254");
    assertThat(s.port()).isEqualTo(2579);
    assertThat(s.policy().namespaced()).isFalse();
    assertThat(new dev.podidentity.nmi.core.Policy(false, true, 1).namespaced()).isTrue();
  }

  @Test
  void aMissingNodeNameIsRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> NmiSettings.defaults(" ", "http://169.254.169.254"))
        .hasMessageContaining("nmi.node-name (NODE_NAME)");
  }

  @Test
  void anImdsUrlThatIsNotPlainHttpIsRefused() {
    assertThatThrownBy(() -> NmiSettings.defaults("n", "ftp://x"))
        .hasMessageContaining("nmi.imds.url");
  }

  @Test
  void servicePrincipalsAreOffByDefaultAndBadSettingsAreRefusedWithTheKeyNamed() {
    NmiSettings s = NmiSettings.defaults("n", "http://169.254.169.254");
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
