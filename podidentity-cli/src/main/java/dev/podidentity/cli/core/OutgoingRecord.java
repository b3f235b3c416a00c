package dev.podidentity.cli.core;

import java.util.Map;

/**
 * A record to write: topic, key, raw value (null for a tombstone) and headers as UTF-8 text. The
 * partition is the contract's partitioner's to choose, as for every producer of its topics.
 */
public record OutgoingRecord(String topic, String key, byte[] value, Map<String, String> headers) {
  public OutgoingRecord {
    headers = Map.copyOf(headers);
  }
}
