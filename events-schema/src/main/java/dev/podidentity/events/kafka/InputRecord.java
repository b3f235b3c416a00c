package dev.podidentity.events.kafka;

/**
 * One record of a topic as a service's reader receives it, whatever delivers it (a Reactive
 * Messaging channel in the services, a plain consumer in tests): where it was read, its key and
 * bytes (null: a tombstone), the node its {@link NodeHeader} names (null when it has none), and how
 * to give up on it. {@code reject} hands the record to the dead-letter topic with the reason; the
 * reader then moves on.
 */
public record InputRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] value,
    String node,
    Rejector reject) {

  /** A record read without its node header (readers that do not use it). */
  public InputRecord(
      String topic, int partition, long offset, String key, byte[] value, Rejector reject) {
    this(topic, partition, offset, key, value, null, reject);
  }

  /** Gives up on a record that cannot be handled; it goes to the dead-letter topic. */
  @FunctionalInterface
  public interface Rejector {
    void reject(Exception reason);
  }
}
