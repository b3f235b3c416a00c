package dev.podidentity.testsupport.kafka;

/** A running Kafka broker that tests talk to. */
public interface KafkaBroker extends AutoCloseable {
  String bootstrapServers();

  /** Where the broker comes from: embedded, external or container; shown in test logs. */
  String description();

  /** Its secured listeners and ACLs: only the embedded broker has them. */
  default java.util.Optional<SecuredKafka> secured() {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
