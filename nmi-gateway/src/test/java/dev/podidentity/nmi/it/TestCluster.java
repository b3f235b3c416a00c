package dev.podidentity.nmi.it;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.events.Event;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.kafka.EventSerializer;
import dev.podidentity.events.kafka.TargetPartitioner;
import dev.podidentity.testsupport.kafka.SharedKafka;
import dev.podidentity.testsupport.kafka.WatcherHeartbeats;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What every integration test of this module shares, started once per test JVM: the embedded
 * broker, one Azure simulator, one Vert.x and a producer that writes the contract's topics as the
 * watcher and assigner do (same serializer and partitioner).
 */
public final class TestCluster {
  private static AzureSimulator sim;
  private static Vertx vertx;
  private static KafkaProducer<String, Event> producer;

  private TestCluster() {}

  public static synchronized AzureSimulator sim() {
    if (sim == null) {
      sim = AzureSimulator.start(SimulatorConfig.forTests());
      Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    }
    return sim;
  }

  public static synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  /** The shared broker, with a watcher's heartbeat going: these tests play the watcher. */
  public static String bootstrap() {
    WatcherHeartbeats.keepBeating(SharedKafka.bootstrapServers());
    return SharedKafka.bootstrapServers();
  }

  static synchronized KafkaProducer<String, Event> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                  ProducerConfig.PARTITIONER_CLASS_CONFIG, TargetPartitioner.class.getName(),
                  ProducerConfig.ACKS_CONFIG, "all"),
              new StringSerializer(),
              new EventSerializer());
    }
    return producer;
  }

  /** Publishes and waits for the broker's acknowledgement; {@code value} null is a tombstone. */
  public static void publish(String topic, String key, Event value) {
    try {
      producer().send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish to " + topic, e);
    }
  }

  /**
   * The AzureIdentity record (type 0) of a user-assigned identity the simulator created ({@code
   * mi}: its admin API's answer, with {@code id} and {@code clientId}).
   */
  public static IdentityRecord userAssigned(String namespace, String name, Map<String, Object> mi) {
    return userAssigned(
        namespace, name, (String) mi.get("id"), (String) mi.get("clientId"), sim().tenantId());
  }

  /** A valid AzureIdentity record (type 0) with the ids given; no simulator needed. */
  public static IdentityRecord userAssigned(
      String namespace, String name, String resourceId, String clientId, String tenantId) {
    return new IdentityRecord(
        1,
        namespace,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        resourceId,
        clientId,
        tenantId,
        null,
        null,
        null,
        null,
        false,
        true,
        null,
        "1");
  }
}
