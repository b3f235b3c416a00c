package dev.podidentity.watcher.core;

import dev.podidentity.events.Event;

/** One record to send; {@code value} null is a tombstone. */
public record Publication(String topic, String key, Event value, RecordKind kind) {

  public boolean tombstone() {
    return value == null;
  }
}
