package dev.podidentity.cli.port;

import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.events.Event;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system's topics, read to the end offsets taken at the call (the "event replay" the services
 * do at start-up, done once by a command that then stops).
 */
public interface EventLog {
  /** What a long read has done so far, for a progress line. */
  @FunctionalInterface
  interface Progress {
    void read(String topic, long done, long total);

    Progress NONE = (topic, done, total) -> {};
  }

  /**
   * The latest value of every live key of one of the contract's topics, parsed; an empty Optional
   * marks a value that could not be parsed.
   */
  Map<String, Optional<Event>> latest(String topic, Progress progress);

  /** Every record the topic still keeps, oldest first within each partition. */
  List<LogRecord> records(String topic, Progress progress);
}
