package dev.podidentity.cli.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.cli.core.GroupReset;
import dev.podidentity.cli.port.ConsumerGroups;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.EventPublisher;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The Admin-client adapter against the shared broker, on groups of its own. */
class KafkaConsumerGroupsIT {
  private static final List<String> TOPICS = List.of(Topics.PODS, Topics.ASSIGNMENTS);

  private final ConsumerGroups groups =
      new KafkaConsumerGroups(
          Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), Duration.ofSeconds(30));

  private static KafkaConsumer<String, byte[]> consumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            SharedKafka.bootstrapServers(),
            "group.id",
            group,
            "enable.auto.commit",
            false,
            "auto.offset.reset",
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  @Test
  void aGroupWithAnActiveConsumerIsRefusedWithItsMembers() {
    String group = "reset-active-" + UUID.randomUUID();
    try (KafkaConsumer<String, byte[]> member = consumer(group)) {
      member.subscribe(List.of(Topics.PODS));
      await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
              });

      GroupReset.Plan plan = GroupReset.plan(groups.describe(group, TOPICS));

      assertThat(plan.refused()).isTrue();
      assertThat(plan.refusedFor()).hasSize(1);
      assertThat(plan.changes()).isEmpty();
    }
  }

  @Test
  void anEmptyGroupIsResetToTheBeginningOfEveryPartition() {
    String group = "reset-empty-" + UUID.randomUUID();
    ComputeTarget t = ComputeTarget.scaleSet("sub", "rg", group);
    try (EventPublisher publisher = new EventPublisher()) {
      // So that some partition of the group's topics has a record past its beginning.
      PodRecord pod =
          new PodRecord(
              1,
              "uid",
              "ns",
              "pod",
              "node",
              t,
              List.of(),
              PodPhase.RUNNING,
              false,
              false,
              Map.of(),
              "1");
      publisher.send(Topics.PODS, Keys.of(pod), pod);
    }
    try (KafkaConsumer<String, byte[]> c = consumer(group)) {
      List<TopicPartition> partitions =
          c.partitionsFor(Topics.PODS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      c.endOffsets(partitions).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
      c.commitSync(ends);
    }

    GroupReset.Group before = groups.describe(group, TOPICS);
    GroupReset.Plan plan = GroupReset.plan(before);
    assertThat(before.members()).isEmpty();
    assertThat(plan.changes())
        .isNotEmpty()
        .allSatisfy(ch -> assertThat(ch.to()).isLessThan(ch.from()));

    groups.commit(group, plan.changes());

    GroupReset.Group after = groups.describe(group, TOPICS);
    assertThat(after.positions())
        .filteredOn(p -> p.committed() != null)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.committed()).isEqualTo(p.beginning()));
    assertThat(GroupReset.plan(after).changes()).isEmpty();
  }

  @Test
  void aGroupKafkaDoesNotKnowHasNothingToReset() {
    GroupReset.Group g = groups.describe("reset-unknown-" + UUID.randomUUID(), TOPICS);

    assertThat(g.members()).isEmpty();
    assertThat(g.positions()).isNotEmpty().allSatisfy(p -> assertThat(p.committed()).isNull());
  }
}
