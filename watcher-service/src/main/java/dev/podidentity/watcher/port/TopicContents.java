package dev.podidentity.watcher.port;

import dev.podidentity.events.Event;
import java.util.Map;
import java.util.Optional;

/** Reads what a compacted topic holds: the latest value per key, tombstoned keys left out. */
public interface TopicContents {
  /**
   * The latest value of every live key of {@code topic}, read from the beginning to the end offsets
   * taken at the call. An empty Optional marks a value that could not be parsed.
   *
   * @throws IllegalStateException when the topic cannot be read within the configured time
   */
  Map<String, Optional<Event>> latest(String topic);
}
