package dev.podidentity.watcher.port;

import dev.podidentity.watcher.core.ClusterChange;
import dev.podidentity.watcher.core.ClusterSnapshot;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The cluster as the watcher sees it: a stream of changes and, once listed, a full snapshot. */
public interface ClusterSource {
  /**
   * Starts watching; every later change goes to {@code changes}, one at a time per object kind. The
   * stage completes once every kind has been listed, so {@link #snapshot()} is complete from then.
   */
  CompletionStage<Void> start(Consumer<ClusterChange> changes);

  /** Everything currently known. Meaningful after {@link #start} has completed. */
  ClusterSnapshot snapshot();

  /** False once a watch has stopped for good: the process should be restarted. */
  boolean running();

  /**
   * Whether every watch is connected now, so changes reach the watcher as they are made; false
   * while one is re-established (an API server restart, a dropped connection).
   */
  boolean watching();

  void stop();
}
