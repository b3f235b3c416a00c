package dev.podidentity.cli.core;

import java.util.Map;

/**
 * One record of a topic as the event log keeps it: where it is, when it was written, its key, its
 * raw value (null for a tombstone) and its headers (the CloudEvents metadata, the dead-letter
 * reason, the node header), decoded as UTF-8.
 */
public record LogRecord(
    String topic,
    int partition,
    long offset,
    long timestampMillis,
    String key,
    byte[] value,
    Map<String, String> headers) {
  public LogRecord {
    headers = Map.copyOf(headers);
  }

  public boolean tombstone() {
    return value == null;
  }
}
