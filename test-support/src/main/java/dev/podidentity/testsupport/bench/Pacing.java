package dev.podidentity.testsupport.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing for benchmarks: an arrival is sent when it is due, however long the ones before
 * it took, so that a slow answer does not slow the arrivals down (coordinated omission).
 */
public final class Pacing {
  private Pacing() {}

  /**
   * Returns once {@link System#nanoTime()} has reached {@code dueNanos}; parking may wake early.
   */
  public static void awaitNanoTime(long dueNanos) {
    for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }
}
