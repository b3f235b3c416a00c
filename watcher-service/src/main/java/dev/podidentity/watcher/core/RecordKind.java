package dev.podidentity.watcher.core;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Topics;
import java.util.Locale;

/** What a published record describes; the bounded {@code kind} label of the watcher's metrics. */
public enum RecordKind {
  NODE,
  POD,
  IDENTITY,
  BINDING,
  EXCEPTION;

  /** The metric label: the lowercase name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of the record stored under {@code key} in {@code topic}. */
  public static RecordKind of(String topic, String key) {
    if (topic.equals(Topics.NODES)) {
      return NODE;
    }
    if (topic.equals(Topics.PODS)) {
      return POD;
    }
    if (key.startsWith(ConfigRecord.AZURE_IDENTITY_BINDING + "/")) {
      return BINDING;
    }
    if (key.startsWith(ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION + "/")) {
      return EXCEPTION;
    }
    return IDENTITY;
  }
}
