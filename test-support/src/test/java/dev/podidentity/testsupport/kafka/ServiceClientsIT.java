package dev.podidentity.testsupport.kafka;

import static dev.podidentity.testsupport.kafka.Clients.failureOf;
import static dev.podidentity.testsupport.kafka.Clients.produce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.TopicCheck;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Each service's Kafka clients, used the way the service uses them, under exactly the ACLs of its
 * KafkaUser manifest (tls principal): what the broker demands of them, found by running them. In
 * short: a consumer that is assigned partitions and seeks them needs no group ACL, even with a
 * {@code group.id} set (SmallRye and Quarkus always set one); committing, or starting from
 * committed offsets, needs Read (or Describe) on the group; an idempotent producer needs no cluster
 * ACL when it may write some topic.
 */
@EmbeddedKafkaOnly
class ServiceClientsIT {
  private static final String WATCHER = "podidentity-watcher";
  private static final String ASSIGNER = "podidentity-assigner";
  private static final String NMI = "podidentity-nmi";

  @Test
  void theWatcherChecksPublishesAndResyncsItsThreeTopicsWithNoGroup() throws Exception {
    Map<String, String> props = grant(WATCHER);
    List<String> own = List.of(Topics.NODES, Topics.PODS, Topics.CONFIG);

    try (Admin admin = Clients.admin(props)) {
      assertThat(TopicCheck.problems(admin, own.stream().map(Topics::spec).toList(), 15_000))
          .isEmpty();
    }
    try (var producer = Clients.producer(props)) {
      for (String topic : own) {
        assertThat(produce(producer, topic)).as(topic).isNull();
      }
      assertThat(produce(producer, Topics.DEADLETTER)).isNull();
    }
    for (String groupId : new String[] {null, "watcher-service"}) {
      for (String topic : own) {
        try (var consumer = Clients.consumer(props, groupId)) {
          assertThat(Clients.readAll(consumer, topic)).as(topic).isNotEmpty();
        }
      }
    }
  }

  @Test
  void theAssignerConsumesPodsInItsGroupAndWritesAssignmentsAndTheLedger() throws Exception {
    Map<String, String> props = grant(ASSIGNER);
    try (Admin admin = Clients.admin(props)) {
      TopicCheck.require(
          admin,
          List.of(
              Topics.spec(Topics.PODS),
              Topics.spec(Topics.CONFIG),
              Topics.spec(Topics.ASSIGNMENTS),
              Topics.spec(Topics.LEDGER)),
          15_000);
    }
    try (var producer = Clients.producer(props)) {
      assertThat(produce(producer, Topics.ASSIGNMENTS)).isNull();
      assertThat(produce(producer, Topics.LEDGER)).isNull();
      assertThat(produce(producer, Topics.DEADLETTER)).isNull();
    }
    try (var superUser =
        Clients.producer(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      assertThat(produce(superUser, Topics.PODS)).isNull();
    }
    // The group consumer of pods and assignments (a replica owns the partitions the group gives
    // it): join, sync, fetch committed offsets, commit.
    try (var group = Clients.consumer(props, ASSIGNER)) {
      group.subscribe(List.of(Topics.PODS, Topics.ASSIGNMENTS));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !group.poll(Duration.ofMillis(100)).isEmpty());
      group.commitSync();
    }
    // Config and the ledger in full, assigned and sought (SmallRye gives them a group.id too).
    for (String topic : List.of(Topics.CONFIG, Topics.LEDGER, Topics.ASSIGNMENTS)) {
      try (var assigned = Clients.consumer(props, "assigner-service")) {
        Clients.readAll(assigned, topic);
      }
    }
    try (var other = Clients.consumer(props, ASSIGNER + "-other")) {
      other.subscribe(List.of(Topics.PODS));
      assertThat(failureOf(() -> other.poll(Duration.ofSeconds(10))))
          .as("a group other than its own")
          .isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void theNmiReadsItsViewWithAGroupIdButNoGroupAclAndWritesOnlyDeadLetters() throws Exception {
    Map<String, String> props = grant(NMI);
    // SmallRye's consumers always carry a group.id (Quarkus: the application name).
    String groupId = "nmi-gateway";
    try (var consumer = Clients.consumer(props, groupId)) {
      for (String topic : List.of(Topics.NODES, Topics.CONFIG, Topics.PODS, Topics.ASSIGNMENTS)) {
        Clients.readAll(consumer, topic);
      }
      assertThat(failureOf(consumer::commitSync))
          .as("committing is a group operation")
          .isInstanceOf(GroupAuthorizationException.class);
    }
    try (var consumer = Clients.consumer(props, groupId)) {
      // Assigned but not sought: the position comes from the group's committed offsets.
      consumer.assign(List.of(new TopicPartition(Topics.NODES, 0)));
      assertThat(failureOf(() -> consumer.poll(Duration.ofSeconds(10))))
          .as("starting from committed offsets")
          .isInstanceOf(GroupAuthorizationException.class);
    }
    try (var producer = Clients.producer(props)) {
      assertThat(produce(producer, Topics.DEADLETTER)).isNull();
    }
  }

  private static Map<String, String> grant(String user) {
    SecuredKafka kafka = SharedKafka.secured();
    kafka.grantAsManifest(user, Auth.MTLS);
    return kafka.clientProperties(Auth.MTLS, user);
  }
}
