package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The application is wired to the real shared broker: a contract record goes through it. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KubernetesTestServerResource.class, scope = TestResourceScope.GLOBAL)
class KafkaRoundTripIT {
  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void nodeRecordPublishedToTheBrokerIsReadBackIntact() {
    NodeRecord node =
        NodeRecord.of(
            "aks-pool-vmss000001",
            "azure:///subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
                + "virtualMachineScaleSets/pool-vmss/virtualMachines/1",
            "5");
    try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
      companion.registerSerde(byte[].class, Serdes.bytes());
      companion
          .produce(String.class, byte[].class)
          .fromRecords(
              new ProducerRecord<>(Topics.NODES, Keys.node(node.name()), EventJson.toBytes(node)))
          .awaitCompletion(Duration.ofSeconds(30));

      var records =
          companion
              .consume(String.class, byte[].class)
              .fromTopics(Topics.NODES)
              .awaitRecords(1, Duration.ofSeconds(30))
              .getRecords();

      assertThat(records)
          .anySatisfy(
              r -> {
                assertThat(r.key()).isEqualTo(node.name());
                assertThat(EventJson.parse(r.value(), NodeRecord.class)).isEqualTo(node);
              });
    }
  }

  /** The companion's serde registry wants Kafka Serdes. */
  static final class Serdes {
    static org.apache.kafka.common.serialization.Serde<byte[]> bytes() {
      return org.apache.kafka.common.serialization.Serdes.serdeFrom(
          new ByteArraySerializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }
  }
}
