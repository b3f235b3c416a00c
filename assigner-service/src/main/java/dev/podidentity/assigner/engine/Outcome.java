package dev.podidentity.assigner.engine;

/** What a run of one target asks for next: nothing, another run now, or a run after a delay. */
record Outcome(boolean again, long delayNanos) {
  static final Outcome IDLE = new Outcome(false, -1);
  static final Outcome AGAIN = new Outcome(true, 0);

  static Outcome after(long delayNanos) {
    return new Outcome(false, Math.max(1, delayNanos));
  }

  /** Idle, but look again after {@code delayNanos} (a lingering identity falls due), if >= 0. */
  static Outcome idleUntil(long delayNanos) {
    return delayNanos < 0 ? IDLE : after(delayNanos);
  }

  /** The sooner of two delays, a negative one being none. */
  static long sooner(long a, long b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }
}
