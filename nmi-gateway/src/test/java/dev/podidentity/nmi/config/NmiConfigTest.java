package dev.podidentity.nmi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.testsupport.quarkus.ConfigMappings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmiConfigTest {
  /** The service's defaults for node "n", with {@code settings} over them, checked. */
  static NmiConfig checked(String... settings) {
    List<String> all = new ArrayList<>(List.of("nmi.node-name", "n"));
    all.addAll(List.of(settings));
    return NmiConfigCheck.check(ConfigMappings.of(NmiConfig.class, all.toArray(String[]::new)));
  }

  @Test
  void theDefaultsAreValidAndNotNamespaced() {
    NmiConfig c = checked();

    assertThat(c.server().port()).isEqualTo(2579);
    assertThat(NmiConfig.imdsUrl(c)).hasToString("http://169.254.169.254");
    assertThat(NmiConfig.policy(c).namespaced()).isFalse();
    assertThat(c.servicePrincipals().enabled()).isFalse();
  }

  @Test
  void aadMetricsListenOnAadsPortUnlessTurnedOffAndNeedAPortOfTheirOwn() {
    assertThat(checked().aadMetrics().port()).isEqualTo(9090);
    assertThat(checked("nmi.aad-metrics.port", "0").aadMetrics().port()).isZero();

    assertThatThrownBy(() -> checked("nmi.aad-metrics.port", "-1"))
        .hasMessageContaining("nmi.aad-metrics.port must be 0 (off) or a port, was -1");
    assertThatThrownBy(() -> checked("nmi.aad-metrics.port", "2579"))
        .hasMessageContaining("nmi.aad-metrics.port must differ from nmi.server.port");
    assertThatThrownBy(() -> checked("nmi.aad-metrics.host", " "))
        .hasMessageContaining("nmi.aad-metrics.host must be set");
  }

  @Test
  void managedModeIsNamespaced() {
    assertThat(NmiConfig.policy(checked("nmi.managed", "true")).namespaced()).isTrue();
  }

  @Test
  void aTrailingSlashOnTheImdsUrlIsDropped() {
    assertThat(NmiConfig.imdsUrl(checked("nmi.imds.url", "http://127.0.0.1:9999//")))
        .hasToString("http://127.0.0.1:9999");
  }

  @Test
  void aMissingNodeNameIsRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> checked("nmi.node-name", " "))
        .hasMessageContaining("nmi.node-name (NODE_NAME)");
  }

  @Test
  void everyBadKeyIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                checked("nmi.imds.url", "ftp://x", "nmi.service-principals.connect-timeout", "0s"))
        .hasMessageStartingWith("invalid NMI configuration: ")
        .hasMessageContaining("nmi.imds.url")
        .hasMessageContaining("nmi.service-principals.connect-timeout");
  }

  @Test
  void anImdsUrlThatIsNotPlainHttpIsRefused() {
    assertThatThrownBy(() -> checked("nmi.imds.url", "ftp://x"))
        .hasMessageContaining("nmi.imds.url");
    assertThatThrownBy(() -> checked("nmi.imds.url", "http://x/?a=b"))
        .hasMessageContaining("nmi.imds.url");
  }

  @Test
  void theConfirmIntervalMustBeShorterThanTheStaleBound() {
    assertThatThrownBy(
            () -> checked("nmi.kafka.confirm-interval", "60s", "nmi.waits.stale-after", "60s"))
        .hasMessageContaining("nmi.kafka.confirm-interval must be shorter");
  }

  @Test
  void badServicePrincipalSettingsAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(
            () -> checked("nmi.service-principals.default-authority", "http://login.example/"))
        .hasMessageContaining("nmi.service-principals.default-authority");
    assertThatThrownBy(() -> checked("nmi.service-principals.trust-pem", "/no/such/file.pem"))
        .hasMessageContaining("nmi.service-principals.trust-pem");
    assertThatThrownBy(() -> checked("nmi.service-principals.connect-timeout", "0s"))
        .hasMessageContaining("nmi.service-principals.connect-timeout");
  }

  @Test
  void prefetchIsOffByDefaultAndItsBadSettingsAreNamed() {
    PrefetchConfig defaults = checked().prefetch();
    assertThat(defaults.enabled()).isFalse();
    assertThat(defaults.eagerByDefault()).isFalse();
    assertThat(defaults.resources()).containsExactly("https://management.azure.com/");

    assertThatThrownBy(
            () ->
                checked(
                    "nmi.prefetch.max-in-flight", "0",
                    "nmi.prefetch.retry-base", "10s",
                    "nmi.prefetch.retry-max", "1s"))
        .hasMessageContaining("nmi.prefetch.max-in-flight")
        .hasMessageContaining("nmi.prefetch.retry-max must be >= retry-base");
  }
}
