package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report's name for each kind of unsuccessful answer. */
class FailureCauseTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "0   | null | ConnectException | ConnectException",
        "403 | {\"error\":\"forbidden\"} | null | status 403",
        "503 | {\"error_description\":\"the authorisation view has not been confirmed current for"
            + " 5400 ms\"} | null | status 503 (view not current)",
        "503 | {\"error_description\":\"the authorisation view is still being read\"} | null"
            + " | status 503 (view not replayed)",
        "503 | {\"error\":\"temporarily_unavailable\"} | null | status 503",
        "500 | not current? not been confirmed current | null | status 500",
      })
  void namesTheCause(int status, String body, String error, String cause) {
    assertThat(FailureCause.of(status, body, error)).isEqualTo(cause);
  }
}
