package dev.podidentity.assigner.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenFourAMinute() {
    TokenBucket bucket = new TokenBucket(12, 4, 0);
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
  void neverHoldsMoreThanItsCapacity() {
    TokenBucket bucket = new TokenBucket(12, 4, 0);

    assertThat(bucket.available(3600 * SECOND)).isEqualTo(12);
  }
}
