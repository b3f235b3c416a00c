package dev.podidentity.assigner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.testsupport.quarkus.ConfigMappings;
import org.junit.jupiter.api.Test;

class AssignerConfigTest {
  static AssignerConfig config(String... keyValues) {
    return ConfigMappings.of(AssignerConfig.class, keyValues);
  }

  @Test
  void theDefaultsAreValid() {
    AssignerConfig c = config();

    assertThat(AssignerConfig.check(c)).isSameAs(c);
  }

  @Test
  void aZeroLingerRemovesAtOnceAndIsValid() {
    AssignerConfig c = config("assigner.linger", "0s");

    assertThat(AssignerConfig.check(c)).isSameAs(c);
  }

  @Test
  void everyBadKeyIsNamedAtOnce() {
    AssignerConfig c =
        config(
            "assigner.drift-interval", "0s",
            "assigner.batch-window", "2s",
            "assigner.batch-max", "1s",
            "assigner.max-concurrent-runs", "0",
            "assigner.backoff.base", "1m",
            "assigner.backoff.max", "1s",
            "assigner.linger", "-1s");

    assertThatThrownBy(() -> AssignerConfig.check(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid assigner configuration: ")
        .hasMessageContaining("assigner.drift-interval must be > 0")
        .hasMessageContaining("assigner.batch-max must be >= assigner.batch-window")
        .hasMessageContaining("assigner.max-concurrent-runs must be >= 1, was 0")
        .hasMessageContaining("assigner.backoff.max must be >= assigner.backoff.base")
        .hasMessageContaining("assigner.linger must be 0 (off) or > 0");
  }

  @Test
  void aKilledReplicaIsExpiredAfterSixSecondsAndAHeartbeatMustComeSooner() {
    assertThat(config().kafka().sessionTimeoutMs()).isEqualTo(6000);
    assertThat(config().kafka().instanceId()).isEmpty();

    assertThatThrownBy(
            () ->
                AssignerConfig.check(
                    config(
                        "assigner.kafka.session-timeout-ms", "6000",
                        "assigner.kafka.heartbeat-interval-ms", "6000")))
        .hasMessageContaining(
            "assigner.kafka.heartbeat-interval-ms must be < assigner.kafka.session-timeout-ms");
  }

  @Test
  void aadMetricsListenOnAadsPortUnlessTurnedOffAndNeedAPort() {
    assertThat(config().aadMetrics().port()).isEqualTo(8888);
    AssignerConfig off = config("assigner.aad-metrics.port", "0");
    assertThat(AssignerConfig.check(off)).isSameAs(off);

    assertThatThrownBy(() -> AssignerConfig.check(config("assigner.aad-metrics.port", "65536")))
        .hasMessageContaining("assigner.aad-metrics.port must be 0 (off) or a port, was 65536");
    assertThatThrownBy(() -> AssignerConfig.check(config("assigner.aad-metrics.host", " ")))
        .hasMessageContaining("assigner.aad-metrics.host must be set");
  }

  @Test
  void anUnknownCredentialKindIsRefused() {
    assertThatThrownBy(() -> AssignerConfig.check(config("assigner.cloud.credential", "password")))
        .hasMessageContaining(
            "assigner.cloud.credential must be one of [managed-identity, workload-identity,"
                + " client-secret], was password");
  }

  @Test
  void aClientSecretCredentialNeedsItsTenantClientAndSecret() {
    AssignerConfig c =
        config("assigner.cloud.credential", "client-secret", "assigner.cloud.tenant-id", "t");

    assertThatThrownBy(() -> AssignerConfig.check(c))
        .hasMessageContaining("assigner.cloud.client-id must be set")
        .hasMessageContaining("assigner.cloud.client-secret must be set")
        .message()
        .doesNotContain("tenant-id");
  }

  @Test
  void endpointsMustBeUrlsAndTheTrustFileReadable() {
    AssignerConfig c =
        config(
            "assigner.cloud.arm-endpoint", "management.azure.com",
            "assigner.cloud.trust-pem", "/no/such/file.pem");

    assertThatThrownBy(() -> AssignerConfig.check(c))
        .hasMessageContaining("assigner.cloud.arm-endpoint must be an http(s):// URL")
        .hasMessageContaining("assigner.cloud.trust-pem must be a readable file");
  }
}
