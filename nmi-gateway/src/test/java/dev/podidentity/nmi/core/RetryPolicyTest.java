package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  final RetryPolicy policy = new RetryPolicy(100, 1_000);

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
  void backsOffExponentiallyUpToTheCap() {
    assertThat(policy.delayMillis(1, 0, 0, 100_000)).isEqualTo(100);
    assertThat(policy.delayMillis(2, 0, 0, 100_000)).isEqualTo(200);
    assertThat(policy.delayMillis(3, 0, 0, 100_000)).isEqualTo(400);
    assertThat(policy.delayMillis(10, 0, 0, 100_000)).isEqualTo(1_000);
    assertThat(policy.delayMillis(1_000, 0, 0, 100_000)).isEqualTo(1_000);
  }

  @Test
  void honoursRetryAfterWhenLonger() {
    assertThat(policy.delayMillis(1, 3_000, 0, 100_000)).isEqualTo(3_000);
  }

  @Test
  void givesUpWhenTheWaitWouldPassTheDeadline() {
    assertThat(policy.delayMillis(1, 0, 950, 1_000)).isEqualTo(-1);
    assertThat(policy.delayMillis(1, 5_000, 0, 1_000)).isEqualTo(-1);
  }
}
