package dev.podidentity.cli.adapter.kafka;

import dev.podidentity.cli.config.CliConfig;
import dev.podidentity.cli.core.GroupReset;
import dev.podidentity.cli.port.ConsumerGroups;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@link ConsumerGroups} through Kafka's Admin client, built from the same {@code
 * default-kafka-broker} settings as the event log (security included). A plain client, not a
 * channel: describing a group and moving its offsets are requests, not a stream (DESIGN.md). Each
 * call opens a client and closes it, so a command that never resets never connects.
 */
@ApplicationScoped
public class KafkaConsumerGroups implements ConsumerGroups {
  private final Map<String, Object> kafka;
  private final Duration timeout;

  @Inject
  KafkaConsumerGroups(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, CliConfig config) {
    this(kafka, config.kafka().readTimeout());
  }

  /** With plain settings (tests, other tools). */
  public KafkaConsumerGroups(Map<String, Object> kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  @Override
  public GroupReset.Group describe(String group, List<String> topics) {
    try (Admin admin = admin()) {
      List<GroupReset.Member> members = new ArrayList<>();
      String state = "Empty";
      try {
        ConsumerGroupDescription d =
            get(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
        state = d.groupState().toString();
        d.members()
            .forEach(
                m -> members.add(new GroupReset.Member(m.consumerId(), m.clientId(), m.host())));
      } catch (GroupIdNotFoundException e) {
        // A group Kafka does not know has neither members nor offsets.
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
      described
          .values()
          .forEach(
              t ->
                  t.partitions()
                      .forEach(
                          p ->
                              partitions.put(
                                  new TopicPartition(t.name(), p.partition()),
                                  OffsetSpec.earliest())));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> beginnings =
          get(admin.listOffsets(partitions).all());
      List<GroupReset.Position> positions = new ArrayList<>();
      beginnings.forEach(
          (tp, info) -> {
            OffsetAndMetadata c = committed.get(tp);
            positions.add(
                new GroupReset.Position(
                    tp.topic(), tp.partition(), c == null ? null : c.offset(), info.offset()));
          });
      positions.sort(
          Comparator.comparing(GroupReset.Position::topic)
              .thenComparing(GroupReset.Position::partition));
      return new GroupReset.Group(group, state, members, positions);
    }
  }

  @Override
  public void commit(String group, List<GroupReset.Change> changes) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    changes.forEach(
        c ->
            offsets.put(
                new TopicPartition(c.topic(), c.partition()), new OffsetAndMetadata(c.to())));
    try (Admin admin = admin()) {
      get(admin.alterConsumerGroupOffsets(group, offsets).all());
    }
  }

  private Admin admin() {
    Map<String, Object> settings = new HashMap<>(kafka);
    int millis = (int) timeout.toMillis();
    settings.put("default.api.timeout.ms", millis);
    settings.put("request.timeout.ms", Math.min(millis, 30_000));
    return Admin.create(settings);
  }

  private IllegalStateException unreachable(Throwable cause) {
    return new IllegalStateException(
        "Kafka at "
            + kafka.get("bootstrap.servers")
            + " did not answer within "
            + timeout.toSeconds()
            + " s",
        cause);
  }

  /**
   * Waits for an Admin answer; Kafka's own errors are rethrown as they are (the caller can tell a
   * group that does not exist), anything else as one line saying what did not answer.
   */
  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException g) {
        throw g;
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(e.getCause());
      }
      throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }
}
