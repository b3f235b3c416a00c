package dev.podidentity.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The leading watcher's word that the cluster topics hold every change it had seen by {@code
 * asOfMillis} (epoch ms, its clock): it writes one every heartbeat interval, and only once every
 * record it handed over before that moment has been acknowledged by the broker. A reader that has
 * read everything below the end offsets taken after this record knows its view holds the cluster as
 * the watcher saw it then, so {@code now - asOfMillis} bounds how far behind the cluster it may be
 * (a pod deleted earlier cannot still own its IP there). A silent watcher, or a broker the records
 * cannot reach, lets that bound grow: the NMIs then fail closed.
 */
public record HeartbeatRecord(
    @JsonProperty(required = true) int schemaVersion,
    @JsonProperty(required = true) String instance,
    @JsonProperty(required = true) long asOfMillis)
    implements Event {

  /** The one key of the heartbeats topic: whichever replica leads writes it. */
  public static final String KEY = "watcher";

  public HeartbeatRecord {
    Require.version(schemaVersion);
    Require.text(instance, "instance");
    if (asOfMillis <= 0) {
      throw new IllegalArgumentException("'asOfMillis' must be a positive epoch time");
    }
  }

  public static HeartbeatRecord of(String instance, long asOfMillis) {
    return new HeartbeatRecord(CURRENT_SCHEMA_VERSION, instance, asOfMillis);
  }

  @Override
  public String cloudEventType() {
    return "dev.podidentity.heartbeat.v1";
  }
}
