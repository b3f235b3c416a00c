package dev.podidentity.testsupport.kafka;

import static dev.podidentity.testsupport.kafka.Clients.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.TopicSpec;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.SecuredKafka.Auth;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KafkaUser manifests of {@code k8s/topics/strimzi/} applied to a real broker: each service's
 * principal (and the operators' command's), with exactly its manifest's ACLs, may read, write and
 * describe the configs of the contract's topics, and use the assigner's group, as these tables say,
 * and is refused everything else. Both Strimzi forms: the tls user ({@code User:CN=<name>}) and the
 * SCRAM user ({@code User:<name>}).
 */
@EmbeddedKafkaOnly
class ServiceAclsIT {
  enum Op {
    READ,
    WRITE,
    DESCRIBE_CONFIGS
  }

  private static final Set<Op> NONE = EnumSet.noneOf(Op.class);
  private static final Set<Op> READ = EnumSet.of(Op.READ, Op.DESCRIBE_CONFIGS);
  private static final Set<Op> READ_WRITE = EnumSet.allOf(Op.class);
  private static final Set<Op> WRITE_ONLY = EnumSet.of(Op.WRITE);
  private static final Set<Op> READ_ONLY = EnumSet.of(Op.READ);
  private static final Set<Op> OPERATOR = EnumSet.of(Op.READ, Op.WRITE);
  private static final Set<Op> WRITE_CHECKED = EnumSet.of(Op.WRITE, Op.DESCRIBE_CONFIGS);

  /** What a principal may do with the assigner's consumer group, as the Admin client does it. */
  enum GroupOp {
    DESCRIBE,
    READ,
    DELETE
  }

  static final String GROUP = "podidentity-assigner";

  /** Per service, per topic in the order of {@link Topics#ALL}: what it may do. */
  static final Map<String, Map<String, Set<Op>>> TABLE =
      Map.of(
          "podidentity-watcher",
          row(READ_WRITE, READ_WRITE, READ_WRITE, NONE, NONE, WRITE_ONLY, WRITE_CHECKED),
          "podidentity-assigner",
          row(READ, READ, READ, READ_WRITE, READ_WRITE, WRITE_ONLY, NONE),
          "podidentity-nmi",
          row(READ, READ, READ, READ, NONE, WRITE_ONLY, READ),
          "podidentity-cli",
          row(OPERATOR, OPERATOR, OPERATOR, OPERATOR, OPERATOR, READ_ONLY, NONE));

  /** Per principal: what it may do with {@value #GROUP} (Read implies Describe). */
  static final Map<String, Set<GroupOp>> GROUPS =
      Map.of(
          "podidentity-watcher", EnumSet.noneOf(GroupOp.class),
          "podidentity-assigner", EnumSet.of(GroupOp.DESCRIBE, GroupOp.READ),
          "podidentity-nmi", EnumSet.noneOf(GroupOp.class),
          "podidentity-cli", EnumSet.allOf(GroupOp.class));

  static Stream<Arguments> principals() {
    return TABLE.keySet().stream()
        .sorted()
        .flatMap(user -> Stream.of(Arguments.of(user, Auth.MTLS), Arguments.of(user, Auth.SCRAM)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("principals")
  void eachServiceMayDoOnEveryContractTopicExactlyWhatTheTableSays(String user, Auth auth) {
    SecuredKafka kafka = SharedKafka.secured();
    kafka.grantAsManifest(user, auth);
    Map<String, String> props = kafka.clientProperties(auth, user);

    Map<String, Set<Op>> allowed = new LinkedHashMap<>();
    try (var producer = Clients.producer(props);
        Admin admin = Clients.admin(props)) {
      for (TopicSpec topic : Topics.ALL) {
        Set<Op> ops = EnumSet.noneOf(Op.class);
        if (allowed(Clients.produce(producer, topic.name()))) {
          ops.add(Op.WRITE);
        }
        try (var consumer = Clients.consumer(props, null)) {
          if (allowed(failureOf(() -> Clients.readAll(consumer, topic.name())))) {
            ops.add(Op.READ);
          }
        }
        var config = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        if (allowed(
            failureOf(
                () -> admin.describeConfigs(List.of(config)).all().get(30, TimeUnit.SECONDS)))) {
          ops.add(Op.DESCRIBE_CONFIGS);
        }
        allowed.put(topic.name(), ops);
      }
    }

    assertThat(allowed).as(SecuredKafka.principal(auth, user)).isEqualTo(TABLE.get(user));
  }

  /**
   * The group operations the command's replay uses: list the members, set committed offsets, delete
   * them. Each is tried on a partition of a fresh topic that no principal may read: the broker
   * checks the group ACL first, so a refusal for the group is GroupAuthorizationException, and
   * anything past it (the topic refused, no such group) shows the group allowed; and nothing of the
   * real group changes.
   */
  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("principals")
  void eachPrincipalMayDoWithTheAssignersGroupExactlyWhatTheTableSays(String user, Auth auth)
      throws Exception {
    SecuredKafka kafka = SharedKafka.secured();
    kafka.grantAsManifest(user, auth);
    TopicPartition fresh = new TopicPartition(Clients.newTopic(1), 0);

    Set<GroupOp> allowed = EnumSet.noneOf(GroupOp.class);
    try (Admin admin = Clients.admin(kafka.clientProperties(auth, user))) {
      if (groupAllowed(
          failureOf(
              () ->
                  admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS)))) {
        allowed.add(GroupOp.DESCRIBE);
      }
      if (groupAllowed(
          failureOf(
              () ->
                  admin
                      .alterConsumerGroupOffsets(GROUP, Map.of(fresh, new OffsetAndMetadata(0)))
                      .all()
                      .get(30, TimeUnit.SECONDS)))) {
        allowed.add(GroupOp.READ);
      }
      if (groupAllowed(
          failureOf(
              () ->
                  admin
                      .deleteConsumerGroupOffsets(GROUP, Set.of(fresh))
                      .all()
                      .get(30, TimeUnit.SECONDS)))) {
        allowed.add(GroupOp.DELETE);
      }
    }

    assertThat(allowed).as(SecuredKafka.principal(auth, user)).isEqualTo(GROUPS.get(user));
  }

  /** Refused by the group's ACL, or got past it; anything else fails the test. */
  private static boolean groupAllowed(Throwable failure) {
    if (failure instanceof GroupAuthorizationException) {
      return false;
    }
    if (failure == null
        || failure instanceof TopicAuthorizationException
        || failure instanceof GroupIdNotFoundException
        || failure instanceof UnknownTopicOrPartitionException) {
      return true;
    }
    throw new AssertionError("neither allowed nor refused by the group's ACL", failure);
  }

  /** Worked, or was refused for want of an ACL; anything else fails the test. */
  private static boolean allowed(Throwable failure) {
    if (failure == null) {
      return true;
    }
    if (failure instanceof TopicAuthorizationException) {
      return false;
    }
    throw new AssertionError("neither allowed nor refused by an ACL", failure);
  }

  private static Map<String, Set<Op>> row(Set<Op>... perTopic) {
    Map<String, Set<Op>> row = new LinkedHashMap<>();
    for (int i = 0; i < perTopic.length; i++) {
      row.put(Topics.ALL.get(i).name(), perTopic[i]);
    }
    return row;
  }
}
