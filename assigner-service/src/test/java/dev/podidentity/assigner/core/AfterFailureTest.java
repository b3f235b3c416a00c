package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.CloudFailure.CONFLICT;
import static dev.podidentity.assigner.core.CloudFailure.IDENTITY_REJECTED;
import static dev.podidentity.assigner.core.CloudFailure.TARGET_NOT_FOUND;
import static dev.podidentity.assigner.core.CloudFailure.THROTTLED;
import static dev.podidentity.assigner.core.CloudFailure.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What follows a failed cloud call, one table row a case. */
class AfterFailureTest {
  static final AfterFailure.Policy POLICY =
      new AfterFailure.Policy(ms(100), Duration.ofSeconds(5), Duration.ofMinutes(10));
  static final long NOW = 1_000_000L;
  static final double JUST_BELOW_ONE = 0.999_999;

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  static long nanos(long millis) {
    return ms(millis).toNanos();
  }

  static AfterFailure decide(CloudFailure kind, Duration retryAfter, int failures, double jitter) {
    return AfterFailure.decide(kind, retryAfter, Map.of(), failures, jitter, NOW, POLICY);
  }

  static AfterFailure.Retry throttledFor(long millis) {
    return new AfterFailure.Retry(nanos(millis), true, false, true);
  }

  static AfterFailure.Retry backingOffFor(long millis) {
    return new AfterFailure.Retry(nanos(millis), true, true, false);
  }

  @Test
  void aThrottledCallWaitsTheRetryAfterItWasGivenResolvesTheIntentAndIsNoFailure() {
    assertThat(decide(THROTTLED, ms(2_000), 0, 0)).isEqualTo(throttledFor(2_000));
  }

  @Test
  void aThrottledCallWaitsUpToAFifthMoreSoThrottledTargetsComeBackApart() {
    assertThat(decide(THROTTLED, ms(2_000), 0, 0.5)).isEqualTo(throttledFor(2_200));
    long longest =
        ((AfterFailure.Retry) decide(THROTTLED, ms(2_000), 0, JUST_BELOW_ONE)).afterNanos();
    assertThat(longest).isBetween(nanos(2_399), nanos(2_400) - 1);
  }

  @Test
  void aRetryAfterBelowTheFloorWaitsTheFloor() {
    assertThat(decide(THROTTLED, ms(300), 0, 0)).isEqualTo(throttledFor(1_000));
    assertThat(decide(THROTTLED, Duration.ZERO, 0, 0)).isEqualTo(throttledFor(1_000));
  }

  @Test
  void aThrottledCallWithoutRetryAfterWaitsTheBackoffBaseAtLeastTheFloor() {
    assertThat(decide(THROTTLED, null, 0, 0)).isEqualTo(throttledFor(1_000));

    AfterFailure.Policy slowBase =
        new AfterFailure.Policy(ms(3_000), Duration.ofSeconds(30), Duration.ofMinutes(10));
    assertThat(AfterFailure.decide(THROTTLED, null, Map.of(), 0, 0, NOW, slowBase))
        .isEqualTo(throttledFor(3_000));
  }

  @Test
  void throttlingDoesNotGrowWithEarlierFailures() {
    assertThat(decide(THROTTLED, ms(2_000), 7, 0)).isEqualTo(throttledFor(2_000));
  }

  @Test
  void refusedIdentitiesAreQuarantinedUntilTheRetryAndTheRestGoesOn() {
    Map<String, String> refused = Map.of("id-a", "LinkedAuthorizationFailed: no");

    AfterFailure next = AfterFailure.decide(IDENTITY_REJECTED, null, refused, 3, 0.5, NOW, POLICY);

    assertThat(next)
        .isEqualTo(new AfterFailure.Quarantine(refused, NOW + Duration.ofMinutes(10).toNanos()));
  }

  @Test
  void aRejectionNamingNoIdentityQuarantinesNone() {
    assertThat(AfterFailure.decide(IDENTITY_REJECTED, null, null, 0, 0, NOW, POLICY))
        .isEqualTo(new AfterFailure.Quarantine(Map.of(), NOW + Duration.ofMinutes(10).toNanos()));
  }

  @Test
  void aQuarantineKeepsItsOwnCopyOfTheReasons() {
    Map<String, String> refused = new HashMap<>(Map.of("id-a", "refused"));
    var q =
        (AfterFailure.Quarantine)
            AfterFailure.decide(IDENTITY_REJECTED, null, refused, 0, 0, NOW, POLICY);

    refused.put("id-b", "later");

    assertThat(q.reasons()).containsOnlyKeys("id-a");
    assertThatThrownBy(() -> q.reasons().put("id-c", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aConflictOrAMissingTargetBacksOffResolvesTheIntentAndCountsAFailure() {
    assertThat(decide(CONFLICT, null, 0, 0)).isEqualTo(backingOffFor(50));
    assertThat(decide(TARGET_NOT_FOUND, null, 0, 0)).isEqualTo(backingOffFor(50));
  }

  @Test
  void aConflictIgnoresARetryAfter() {
    assertThat(decide(CONFLICT, ms(2_000), 0, 0)).isEqualTo(backingOffFor(50));
  }

  @Test
  void anUnknownOutcomeIsReadBackKeepingTheIntentAndBacksOff() {
    assertThat(decide(TRANSIENT, null, 0, 0)).isEqualTo(new AfterFailure.ReadThenRetry(nanos(50)));
  }

  @Test
  void anUnclassifiedFailureIsAnUnknownOutcome() {
    assertThat(AfterFailure.unknownOutcome(2, 0.5, POLICY))
        .isEqualTo(decide(TRANSIENT, null, 2, 0.5));
  }

  @Test
  void theBackoffDoublesWithEachFailureUpToTheMax() {
    long[] ceilingsMs = {100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000};
    for (int failures = 0; failures < ceilingsMs.length; failures++) {
      assertThat(decide(CONFLICT, null, failures, 0))
          .as("after %d failures", failures)
          .isEqualTo(backingOffFor(ceilingsMs[failures] / 2));
      assertThat(decide(TRANSIENT, null, failures, 0))
          .as("after %d failures", failures)
          .isEqualTo(new AfterFailure.ReadThenRetry(nanos(ceilingsMs[failures] / 2)));
    }
    assertThat(decide(CONFLICT, null, 1_000, 0)).isEqualTo(backingOffFor(2_500));
  }

  @Test
  void jitterSpreadsTheBackoffOverTheUpperHalfOfItsCeiling() {
    assertThat(decide(CONFLICT, null, 3, 0)).isEqualTo(backingOffFor(400));
    assertThat(decide(CONFLICT, null, 3, 0.5)).isEqualTo(backingOffFor(600));
    long longest = ((AfterFailure.Retry) decide(CONFLICT, null, 3, JUST_BELOW_ONE)).afterNanos();
    assertThat(longest).isBetween(nanos(799), nanos(800) - 1);
    long capped = ((AfterFailure.Retry) decide(CONFLICT, null, 99, JUST_BELOW_ONE)).afterNanos();
    assertThat(capped).isBetween(nanos(4_999), nanos(5_000) - 1);
  }
}
