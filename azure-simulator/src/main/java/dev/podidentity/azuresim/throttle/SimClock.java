package dev.podidentity.azuresim.throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated time in nanoseconds. With a time scale of 60 one simulated minute passes per real
 * second, so an idle day of budgets can be benchmarked in minutes while the limits stay Azure's.
 */
public interface SimClock {

  long nanos();

  /** Real seconds corresponding to a simulated duration. */
  double timeScale();

  static SimClock system(double timeScale) {
    if (timeScale <= 0) {
      throw new IllegalArgumentException("timeScale must be > 0");
    }
    long start = System.nanoTime();
    return new SimClock() {
      @Override
      public long nanos() {
        return (long) ((System.nanoTime() - start) * timeScale);
      }

      @Override
      public double timeScale() {
        return timeScale;
      }
    };
  }

  /** A clock tests move by hand. */
  final class Manual implements SimClock {
    private final AtomicLong now = new AtomicLong();

    @Override
    public long nanos() {
      return now.get();
    }

    @Override
    public double timeScale() {
      return 1;
    }

    public void advanceMillis(long millis) {
      now.addAndGet(millis * 1_000_000L);
    }
  }
}
