package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.secure.CertificateAuthority;
import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One combined KRaft node (broker and controller) in the test JVM. Besides the test kit's PLAINTEXT
 * listener it has the secured listeners of {@link SecuredListeners} (SASL_SSL and mutual TLS on
 * 127.0.0.1) and the StandardAuthorizer, with {@code User:ANONYMOUS} (PLAINTEXT) a super user so
 * tests that ignore security keep full access; {@link #secured()} tells tests how to use them.
 *
 * <p>The test kit refuses SSL and SASL_SSL as its own listener's protocol ({@code TestKitNodes}:
 * "Currently only support PLAINTEXT / SASL_PLAINTEXT", KAFKA-16680), but it lets {@code
 * setConfigProp} set {@code listeners} and the protocol map, so the secured listeners are added
 * next to its own; they bind their own sockets (port 0) and are found with {@code boundPort}.
 */
public final class EmbeddedKafka implements KafkaBroker {
  private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class.getName());
  private static final String HOST = "127.0.0.1";

  private final KafkaClusterTestKit cluster;
  private final SecuredKafka secured;

  private EmbeddedKafka(KafkaClusterTestKit cluster, SecuredKafka secured) {
    this.cluster = cluster;
    this.secured = secured;
  }

  public static EmbeddedKafka start() {
    try {
      long t0 = System.nanoTime();
      Path base = baseDirectory();
      // Beside the per-run data, so later test JVMs of the module reuse it (see open()).
      CertificateAuthority ca =
          CertificateAuthority.open(base.getParent().resolve("tls"), "podidentity-test-ca");
      var brokerCertificate = ca.server("kafka-broker");
      String adminPassword = "admin-" + java.util.UUID.randomUUID();
      long tlsMillis = (System.nanoTime() - t0) / 1_000_000;
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              // Without the pin it formats with an unstable metadata version.
              .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
              .setBaseDirectory(base)
              .build();
      String plain = nodes.brokerListenerName().value();
      String controller = nodes.controllerListenerName().value();
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(nodes)
              // The kit's own two listeners as it would write them, then the secured ones.
              .setConfigProp(
                  "listeners",
                  plain
                      + "://localhost:0,"
                      + controller
                      + "://localhost:0,"
                      + SecuredListeners.listeners(HOST, 0, 0))
              .setConfigProp(
                  "listener.security.protocol.map",
                  plain
                      + ":PLAINTEXT,"
                      + controller
                      + ":PLAINTEXT,"
                      + SecuredListeners.protocolMap())
              // One node: internal topics must not wait for three replicas.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              // Compaction soon enough that tests can observe it.
              .setConfigProp("log.cleaner.backoff.ms", "1000");
      SecuredListeners.settings(brokerCertificate, ca.truststore(), adminPassword)
          .forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      var broker = cluster.brokers().values().iterator().next();
      SecuredKafka secured =
          new SecuredKafka(
              cluster.bootstrapServers(),
              HOST + ":" + broker.boundPort(ListenerName.normalised(SecuredListeners.SASL_SSL)),
              HOST + ":" + broker.boundPort(ListenerName.normalised(SecuredListeners.MTLS)),
              ca,
              adminPassword);
      LOG.info(
          String.format(
              "embedded Kafka ready in %d ms (TLS material %d ms); SASL_SSL %s, mTLS %s",
              (System.nanoTime() - t0) / 1_000_000,
              tlsMillis,
              secured.saslSslBootstrap(),
              secured.mtlsBootstrap()));
      return new EmbeddedKafka(cluster, secured);
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

  /** The secured listeners, users, certificates and ACLs of this broker. */
  @Override
  public java.util.Optional<SecuredKafka> secured() {
    return java.util.Optional.of(secured);
  }

  @Override
  public String description() {
    return "embedded KRaft broker at "
        + bootstrapServers()
        + " (SASL_SSL "
        + secured.saslSslBootstrap()
        + ", mTLS "
        + secured.mtlsBootstrap()
        + ")";
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
