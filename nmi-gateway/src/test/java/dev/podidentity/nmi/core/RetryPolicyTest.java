package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  static RetryPolicy policy(double jitter) {
    return new RetryPolicy(100, 1_000, () -> jitter);
  }

  @ParameterizedTest(name = "status {0} retriable: {1}")
  @CsvSource({
    "0, true",
    "404, true",
    "410, true",
    "429, true",
    "500, true",
    "503, true",
    "400, false",
    "401, false",
    "403, false",
    "200, false"
  })
  void retriesWhatImdsAsksToRetry(int status, boolean retriable) {
    assertThat(RetryPolicy.retriable(status)).isEqualTo(retriable);
  }

  @Test
  void backsOffExponentiallyUpToTheCapWithEqualJitter() {
    assertThat(policy(0).delayMillis(1, 0, 0, 100_000)).isEqualTo(50);
    assertThat(policy(0).delayMillis(2, 0, 0, 100_000)).isEqualTo(100);
    assertThat(policy(0.5).delayMillis(3, 0, 0, 100_000)).isEqualTo(300);
    assertThat(policy(0).delayMillis(10, 0, 0, 100_000)).isEqualTo(500);
    assertThat(policy(0.999_999).delayMillis(1_000, 0, 0, 100_000)).isEqualTo(999);
  }

  @Test
  void honoursRetryAfterWhenLongerAndSpreadsIt() {
    assertThat(policy(0).delayMillis(1, 3_000, 0, 100_000)).isEqualTo(3_000);
    assertThat(policy(0.5).delayMillis(1, 3_000, 0, 100_000)).isEqualTo(3_300);
  }

  @Test
  void givesUpWhenTheWaitWouldPassTheDeadline() {
    assertThat(policy(0).delayMillis(1, 0, 950, 1_000)).isEqualTo(-1);
    assertThat(policy(0).delayMillis(1, 5_000, 0, 1_000)).isEqualTo(-1);
  }
}
