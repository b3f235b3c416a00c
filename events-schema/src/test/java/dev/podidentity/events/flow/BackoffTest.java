package dev.podidentity.events.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final Duration BASE = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofMinutes(2);

  @Test
  void everyWaitLiesInTheUpperHalfOfItsExponentialCeiling() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      int attempt = random.nextInt(40) - 2;
      double jitter = random.nextDouble();
      long ceiling =
          Math.min(MAX.toMillis(), BASE.toMillis() << Math.min(Math.max(attempt, 0), 20));

      long wait = Backoff.delay(attempt, BASE, MAX, jitter).toMillis();

      assertThat(wait).as("attempt %d, jitter %s", attempt, jitter).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void doublesUntilTheMaximum() {
    assertThat(Backoff.delay(0, BASE, MAX, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.delay(1, BASE, MAX, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.delay(3, BASE, MAX, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(Backoff.delay(30, BASE, MAX, 0)).isEqualTo(Duration.ofMinutes(1));
    assertThat(Backoff.delay(30, BASE, MAX, 0.999_999).toMillis()).isEqualTo(119_999);
  }

  @Test
  void callersFailingTogetherDoNotRetryTogether() {
    Random random = new Random(7);
    Set<Duration> waits = new HashSet<>();
    for (int caller = 0; caller < 100; caller++) {
      waits.add(Backoff.delay(5, BASE, MAX, random.nextDouble()));
    }

    assertThat(waits).hasSizeGreaterThan(90);
  }

  @Test
  void aRetryAfterIsHonouredAndSpreadByAtMostAFifth() {
    Duration floor = Duration.ofSeconds(1);

    assertThat(Backoff.after(Duration.ofSeconds(10), floor, 0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Backoff.after(Duration.ofSeconds(10), floor, 0.5)).isEqualTo(Duration.ofSeconds(11));
    assertThat(Backoff.after(Duration.ZERO, floor, 0)).isEqualTo(floor);
  }

  @Test
  void aJitterOutsideItsRangeIsClamped() {
    assertThat(Backoff.delay(1, BASE, MAX, -3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.delay(1, BASE, MAX, 7).toMillis()).isEqualTo(1_999);
  }
}
