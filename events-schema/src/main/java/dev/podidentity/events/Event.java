package dev.podidentity.events;

/**
 * A value on one of the project's topics. Every value carries {@code schemaVersion}; readers accept
 * any version and ignore fields they don't know, so a newer writer never breaks an older reader.
 * Deletion is a tombstone (a null value), never an event type.
 */
public sealed interface Event
    permits NodeRecord, PodRecord, ConfigRecord, AssignmentRecord, LedgerRecord, HeartbeatRecord {

  /** The version written by this code. Bump it only for a change that old readers can't ignore. */
  int CURRENT_SCHEMA_VERSION = 1;

  int schemaVersion();

  /** CloudEvents {@code type} of this value, e.g. {@code dev.podidentity.pod.v1}. */
  String cloudEventType();
}
