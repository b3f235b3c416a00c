package dev.podidentity.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The container path works where a Docker engine exists; skipped (not failed) where none does. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaIT {

  @Test
  void containerBrokerTakesTheContractsTopics() throws Exception {
    try (ContainerKafka broker = ContainerKafka.start()) {
      TopicAdmin.ensure(broker.bootstrapServers(), Topics.ALL);

      try (Admin admin = TopicAdmin.admin(broker.bootstrapServers())) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .contains(Topics.PODS, Topics.ASSIGNMENTS, Topics.LEDGER);
      }
    }
  }
}
