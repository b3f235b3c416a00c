package dev.podidentity.cli.port;

import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.OutgoingRecord;
import java.util.List;

/**
 * Writes a few records to the system's topics and waits until the broker has them all (every
 * in-sync replica, once each): for commands that write once and stop.
 */
public interface RecordWriter {
  /**
   * Writes {@code records} in order; answers where each one landed (partition, offset, time).
   *
   * @throws IllegalStateException when the broker cannot be reached, refuses a write, or does not
   *     acknowledge within the timeout; records before the failing one may have been written
   */
  List<LogRecord> write(List<OutgoingRecord> records);
}
