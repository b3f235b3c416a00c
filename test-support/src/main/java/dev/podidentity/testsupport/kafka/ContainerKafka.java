package dev.podidentity.testsupport.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** A broker in a container, for machines with a Docker engine. */
final class ContainerKafka implements KafkaBroker {
  static final String IMAGE = "apache/kafka:4.1.1";
  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static ContainerKafka start() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String description() {
    return "container " + IMAGE + " at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
