package dev.podidentity.assigner.bench;

import static org.awaitility.Awaitility.await;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.kafka.SharedKafka;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The consumer group's share of a failover, without the JVM start around it: a member with the
 * assigner's group settings owns every partition and crashes (closes without leaving, as a killed
 * process: no LeaveGroup); then how long until a member owns them again, (a) a new member joining
 * right after the crash, as a restarted process whose JVM started instantly, with or without the
 * dead member's static instance id, and (b) a member that was in the group already (a standby).
 * Plain consumers on the test broker; prints numbers, asserts only that the partitions moved.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class GroupFailoverBenchmark {
  private static final int PARTITIONS = 6;

  @Test
  void crashToPartitionsOwnedAgain() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    long dynamicRestart = restart(bootstrap, 6000, false);
    long staticRestart = restart(bootstrap, 6000, true);
    long dynamicStandby = standby(bootstrap, 6000, false);
    long defaultsRestart = restart(bootstrap, 45000, false);
    BenchmarkReport.record(
        "F1g",
        "consumer group only: member crash → partitions owned again (6 partitions, classic"
            + " protocol, heartbeat 1 s)",
        String.format(
            Locale.ROOT,
            "6 s session: new member %d ms, new member with the dead one's instance id %d ms,"
                + " member already in the group %d ms",
            dynamicRestart,
            staticRestart,
            dynamicStandby),
        String.format(
            Locale.ROOT, "45 s session (Kafka's default): new member %d ms", defaultsRestart),
        "< 10 s with the JVM's start");
  }

  private static long restart(String bootstrap, int sessionMs, boolean staticId) throws Exception {
    String topic = topic(bootstrap);
    String group = "failover-" + UUID.randomUUID();
    String id = staticId ? "replica-0" : null;
    Member dead = new Member(bootstrap, group, topic, sessionMs, id);
    dead.awaitOwning(PARTITIONS);
    long t0 = System.nanoTime();
    dead.crash();
    try (Member next = new Member(bootstrap, group, topic, sessionMs, id)) {
      next.awaitOwning(PARTITIONS);
      return (System.nanoTime() - t0) / 1_000_000;
    }
  }

  private static long standby(String bootstrap, int sessionMs, boolean staticId) throws Exception {
    String topic = topic(bootstrap);
    String group = "failover-" + UUID.randomUUID();
    Member dead = new Member(bootstrap, group, topic, sessionMs, staticId ? "replica-0" : null);
    dead.awaitOwning(1);
    try (Member standby =
        new Member(bootstrap, group, topic, sessionMs, staticId ? "replica-1" : null)) {
      standby.awaitOwning(1);
      dead.awaitOwning(1);
      long t0 = System.nanoTime();
      dead.crash();
      standby.awaitOwning(PARTITIONS);
      return (System.nanoTime() - t0) / 1_000_000;
    }
  }

  private static String topic(String bootstrap) throws Exception {
    String topic = "failover-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    return topic;
  }

  /** A group member with the assigner's settings, polling on a thread of its own. */
  private static final class Member implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<TopicPartition> owned = new CopyOnWriteArraySet<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile GroupMembershipOperation onClose = GroupMembershipOperation.DEFAULT;

    Member(String bootstrap, String group, String topic, int sessionMs, String instanceId) {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
      config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionMs);
      config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
      if (instanceId != null) {
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
      }
      consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
      Thread thread = new Thread(() -> run(topic), "member-" + instanceId);
      thread.setDaemon(true);
      thread.start();
    }

    private void run(String topic) {
      try {
        consumer.subscribe(
            List.of(topic),
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                owned.removeAll(partitions);
              }

              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                owned.addAll(partitions);
              }
            });
        while (running) {
          consumer.poll(Duration.ofMillis(20));
        }
      } finally {
        consumer.close(
            CloseOptions.groupMembershipOperation(onClose).withTimeout(Duration.ofSeconds(5)));
        stopped.complete(null);
      }
    }

    void awaitOwning(int atLeast) {
      await("partitions owned")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> owned.size() >= atLeast);
    }

    /** Stops polling and heartbeating without a LeaveGroup, as a killed process. */
    void crash() throws Exception {
      onClose = GroupMembershipOperation.REMAIN_IN_GROUP;
      running = false;
      stopped.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      running = false;
      stopped.get(30, TimeUnit.SECONDS);
    }
  }
}
