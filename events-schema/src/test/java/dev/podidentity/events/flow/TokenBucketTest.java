package dev.podidentity.events.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void azuresScaleSetBudgetAllowsTheBurstThenFourAMinute() {
    TokenBucket bucket = TokenBucket.perMinute(12, 4, 0);
    int taken = 0;
    while (bucket.tryTake(0)) {
      taken++;
    }

    assertThat(taken).isEqualTo(12);
    assertThat(bucket.waitNanos(0)).isEqualTo(15 * SECOND);
    assertThat(bucket.tryTake(14 * SECOND)).isFalse();
    assertThat(bucket.tryTake(15 * SECOND)).isTrue();
  }

  @Test
  void aPerSecondPaceAllowsTheBurstThenTheRate() {
    TokenBucket bucket = new TokenBucket(20, 20, 0);
    int taken = 0;
    while (bucket.tryTake(0)) {
      taken++;
    }

    assertThat(taken).isEqualTo(20);
    assertThat(bucket.waitNanos(0)).isEqualTo(SECOND / 20);
    assertThat(bucket.tryTake(SECOND / 20)).isTrue();
    assertThat(bucket.tryTake(SECOND / 20)).isFalse();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket bucket = new TokenBucket(5, 20, 0);

    assertThat(bucket.available(3600 * SECOND)).isEqualTo(5);
  }

  @Test
  void aClockReadingFromThePastRefillsNothing() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
    assertThat(bucket.tryTake(10 * SECOND)).isTrue();

    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.waitNanos(10 * SECOND)).isEqualTo(SECOND);
  }

  @Test
  void refusesABucketThatCouldNeverGiveAToken() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(1, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
