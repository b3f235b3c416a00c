package dev.podidentity.testsupport.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.events.TopicSpec;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Services refuse to start on a state topic that would lose state. */
class TopicCheckIT {

  @Test
  void theContractsTopicsPass() throws Exception {
    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      assertThat(TopicCheck.problems(admin, Topics.ALL, 30_000)).isEmpty();
    }
  }

  @Test
  void theHistoryTopicsAreCreatedWithTheHistoryWindow() throws Exception {
    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      for (String topic : List.of(Topics.ASSIGNMENTS, Topics.LEDGER)) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config =
            admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        assertThat(config.get("min.compaction.lag.ms").value())
            .as(topic)
            .isEqualTo(String.valueOf(Topics.HISTORY_WINDOW.toMillis()));
      }
    }
  }

  @Test
  void aHistoryTopicCreatedBeforeTheHistoryWindowStillPasses() throws Exception {
    // A deployment made before the window existed: compacted, tombstones a day, no lag. The
    // services must still start on it; the topic job or the KafkaTopic adds the lag in place.
    String name = "podidentity.test-history-" + UUID.randomUUID();
    TopicAdmin.ensure(
        SharedKafka.bootstrapServers(),
        List.of(
            new TopicSpec(
                name,
                1,
                Map.of(
                    "cleanup.policy", "compact",
                    "min.cleanable.dirty.ratio", "0.1",
                    "delete.retention.ms", "86400000"))));
    TopicSpec expected = new TopicSpec(name, 1, Topics.spec(Topics.LEDGER).config());

    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      assertThat(TopicCheck.problems(admin, List.of(expected), 30_000)).isEmpty();
    }
  }

  @Test
  void aStateTopicThatIsNotCompactedIsRefusedWithTheReason() throws Exception {
    String name = "podidentity.test-state-" + UUID.randomUUID();
    TopicAdmin.ensure(
        SharedKafka.bootstrapServers(),
        List.of(new TopicSpec(name, 1, Map.of("cleanup.policy", "delete"))));
    TopicSpec expected = new TopicSpec(name, 1, Map.of("cleanup.policy", "compact"));

    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      assertThatThrownBy(() -> TopicCheck.require(admin, List.of(expected), 30_000))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("must be compacted");
    }
  }

  @Test
  void aTableTopicWithMorePartitionsThanItsReadersReadIsRefused() throws Exception {
    String name = "podidentity.test-table-" + UUID.randomUUID();
    TopicAdmin.ensure(
        SharedKafka.bootstrapServers(),
        List.of(new TopicSpec(name, 3, Map.of("cleanup.policy", "compact"))));
    TopicSpec expected = new TopicSpec(name, 1, Map.of("cleanup.policy", "compact"));

    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      assertThat(TopicCheck.problems(admin, List.of(expected), 30_000))
          .singleElement()
          .asString()
          .contains(name)
          .contains("must have 1 partition")
          .contains("has 3");
    }
  }

  @Test
  void aMissingTopicIsNamed() throws Exception {
    TopicSpec missing = new TopicSpec("podidentity.missing-" + UUID.randomUUID(), 1, Map.of());

    try (Admin admin = TopicAdmin.admin(SharedKafka.bootstrapServers())) {
      assertThat(TopicCheck.problems(admin, List.of(missing), 30_000))
          .singleElement()
          .asString()
          .contains("does not exist");
    }
  }
}
