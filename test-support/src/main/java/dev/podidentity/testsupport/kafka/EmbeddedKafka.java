package dev.podidentity.testsupport.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** One combined KRaft node (broker and controller) in the test JVM, listening on 127.0.0.1. */
public final class EmbeddedKafka implements KafkaBroker {
  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static EmbeddedKafka start() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      // Without the pin it formats with an unstable metadata version.
                      .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                      .setBaseDirectory(baseDirectory())
                      .build())
              // One node: internal topics must not wait for three replicas.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              // Compaction soon enough that tests can observe it.
              .setConfigProp("log.cleaner.backoff.ms", "1000")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded Kafka broker", e);
    }
  }

  /**
   * Under the module's {@code target/}, so a clean build removes it. The shared broker is not
   * stopped at JVM exit: stopping KRaft while the test JVM (and its log manager) shuts down races
   * and can fail the surefire fork after every test has passed.
   */
  private static Path baseDirectory() throws IOException {
    Path root = Path.of(System.getProperty("podidentity.test.kafka.dir", "target/embedded-kafka"));
    Files.createDirectories(root);
    return Files.createTempDirectory(root.toAbsolutePath(), "kraft-");
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public String description() {
    return "embedded KRaft broker at " + bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the embedded Kafka broker", e);
    }
  }
}
