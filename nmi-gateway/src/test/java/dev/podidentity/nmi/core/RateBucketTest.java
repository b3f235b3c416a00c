package dev.podidentity.nmi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateBucketTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenTheRate() {
    RateBucket bucket = new RateBucket(20, 20, 0);
    int taken = 0;
    while (bucket.tryTake(0)) {
      taken++;
    }
    assertThat(taken).isEqualTo(20);
    assertThat(bucket.nanosUntilToken(0)).isEqualTo(SECOND / 20);
    assertThat(bucket.tryTake(SECOND / 20)).isTrue();
    assertThat(bucket.tryTake(SECOND / 20)).isFalse();
  }

  @Test
  void neverSavesMoreThanTheBurst() {
    RateBucket bucket = new RateBucket(20, 5, 0);
    int taken = 0;
    while (bucket.tryTake(100 * SECOND)) {
      taken++;
    }
    assertThat(taken).isEqualTo(5);
  }
}
