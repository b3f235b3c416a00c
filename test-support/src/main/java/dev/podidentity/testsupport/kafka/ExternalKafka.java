package dev.podidentity.testsupport.kafka;

/** A broker someone else runs (CI service, local stack); {@code KAFKA_BOOTSTRAP_SERVERS}. */
record ExternalKafka(String bootstrapServers) implements KafkaBroker {
  @Override
  public String description() {
    return "external broker at " + bootstrapServers;
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
