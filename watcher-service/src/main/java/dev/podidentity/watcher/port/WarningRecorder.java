package dev.podidentity.watcher.port;

import dev.podidentity.watcher.core.Warning;

/** Records a Kubernetes Warning Event on an object, for people using {@code kubectl describe}. */
public interface WarningRecorder {
  /** Best effort: failures are logged, never thrown. */
  void record(Warning warning);
}
