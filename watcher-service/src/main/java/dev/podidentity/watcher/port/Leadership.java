package dev.podidentity.watcher.port;

/** Decides which replica publishes. Only one instance is leader at a time. */
public interface Leadership {
  /** What happens on a change of role; called from the leadership's own thread. */
  interface Listener {
    void startLeading();

    void stopLeading();

    /** Runs {@code start} on gaining the lead and {@code stop} on losing it. */
    static Listener of(Runnable start, Runnable stop) {
      return new Listener() {
        @Override
        public void startLeading() {
          start.run();
        }

        @Override
        public void stopLeading() {
          stop.run();
        }
      };
    }
  }

  /** Starts competing; keeps competing again after losing the lead, until {@link #stop}. */
  void start(Listener listener);

  /** Stops competing and gives up the lead if held. */
  void stop();
}
