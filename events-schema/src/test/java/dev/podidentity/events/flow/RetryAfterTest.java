package dev.podidentity.events.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
  static final long NOW = Instant.parse("2026-12-02T12:00:00Z").toEpochMilli();

  @ParameterizedTest(name = "retry-after-ms [{0}], Retry-After [{1}] -> {2} ms")
  @CsvSource(
      nullValues = "null",
      value = {
        "1500, 7, 1500", // Azure's milliseconds win over the seconds
        "null, 7, 7000",
        "' 250 ', null, 250",
        "null, ' 3 ', 3000",
        "null, 0, 0",
        "soon, 2, 2000", // an unreadable ms header falls back to Retry-After
        "null, 'Wed, 02 Dec 2026 12:00:30 GMT', 30000",
        "null, 'Wed, 02 Dec 2026 11:00:00 GMT', 0", // a date in the past: come back now
        "null, 99999999999, 86400000", // capped at a day
        "null, null, -1",
        "null, '', -1",
        "null, -5, -1",
        "null, 1.5, -1",
        "null, 999999999999999999999, -1",
        "null, 'tomorrow', -1",
      })
  void readsWhatAzureSends(String ms, String header, long expectedMillis) {
    Duration wait = RetryAfter.parse(ms, header, NOW);

    assertThat(wait == null ? -1 : wait.toMillis()).isEqualTo(expectedMillis);
    assertThat(RetryAfter.millis(ms, header, NOW)).isEqualTo(Math.max(0, expectedMillis));
  }
}
