package dev.podidentity.events.kafka;

/**
 * What a dead letter carries. A record a service cannot handle goes to {@code
 * podidentity.deadletter.v1} unchanged (same key, same bytes, its original headers kept), written
 * by the Reactive Messaging Kafka connector's dead-letter-queue failure strategy, which adds where
 * it came from and why in the headers named here; the consumer then moves on.
 */
public final class DeadLetters {
  /** Why it could not be handled: the message of the error (e.g. which field is missing). */
  public static final String REASON = "dead-letter-reason";

  /** The class of the error. */
  public static final String EXCEPTION = "dead-letter-exception-class-name";

  /** Where the record was read: topic, partition and offset. */
  public static final String TOPIC = "dead-letter-topic";

  public static final String PARTITION = "dead-letter-partition";
  public static final String OFFSET = "dead-letter-offset";

  /** Which service gave up on it (the connector does not say; the services add it). */
  public static final String SERVICE = "podidentity-dlq-service";

  private DeadLetters() {}
}
