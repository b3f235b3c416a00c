package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.LedgerRecord.Blocked;
import dev.podidentity.events.LedgerRecord.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a ledger's wait reads against the time it is read at, one table row a case. */
class WaitingTest {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:05Z");

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of(
            Duration.ofSeconds(25),
            Cause.THROTTLED,
            "ARM 429, Retry-After 30s",
            "throttled until 12:00:30Z (in 25 s): ARM 429, Retry-After 30s"),
        Arguments.of(
            Duration.ofMillis(24_200),
            Cause.THROTTLED,
            null,
            "throttled until 12:00:29Z (in 25 s)"),
        Arguments.of(
            Duration.ofSeconds(150),
            Cause.BACKOFF,
            "backing off after 409 Conflict (3rd failure)",
            "backing off until 12:02:35Z (in 3 min): backing off after 409 Conflict (3rd failure)"),
        Arguments.of(
            Duration.ofSeconds(15),
            Cause.BUDGET,
            "own budget: 4 PATCH per minute per scale set",
            "waiting for budget until 12:00:20Z (in 15 s): own budget: 4 PATCH per minute per"
                + " scale set"),
        Arguments.of(
            Duration.ofHours(13),
            Cause.OTHER,
            "maintenance",
            "waiting until 2026-12-07T01:00:05Z (in 13 h): maintenance"),
        Arguments.of(
            Duration.ofSeconds(-5),
            Cause.THROTTLED,
            "ARM 429, Retry-After 30s",
            "was throttled until 12:00:00Z (5 s ago): ARM 429, Retry-After 30s; retrying"),
        Arguments.of(
            Duration.ZERO,
            Cause.BACKOFF,
            "backing off after 409 Conflict (1st failure)",
            "was backing off until 12:00:05Z (0 s ago): backing off after 409 Conflict (1st"
                + " failure); retrying"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("texts")
  void readsAsAPersonCountsTime(Duration in, Cause cause, String reason, String text) {
    Waiting w = new Waiting(new Blocked(NOW.plus(in), cause, reason), NOW);

    assertThat(w.text()).isEqualTo(text);
    assertThat(w.ahead()).isEqualTo((!in.isNegative() && !in.isZero()));
    // A cell is the text up to the reason; a wait that is over says nothing there.
    assertThat(w.cell())
        .isEqualTo(
            (!in.isNegative() && !in.isZero()) ? text.substring(0, text.indexOf(')') + 1) : "");
  }

  @Test
  void aLedgerWithoutAWaitHasNone() {
    ComputeTarget t = ComputeTarget.scaleSet("sub", "rg", "vmss");

    assertThat(Waiting.of(null, NOW)).isNull();
    assertThat(Waiting.of(new LedgerRecord(1, t, List.of(), null), NOW)).isNull();
  }
}
