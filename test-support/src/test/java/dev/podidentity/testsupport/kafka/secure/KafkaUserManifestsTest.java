package dev.podidentity.testsupport.kafka.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Strimzi's ACL format becomes Kafka's ACL bindings, rule by rule and operation by operation. */
class KafkaUserManifestsTest {

  private static final String YAML =
      """
      apiVersion: kafka.strimzi.io/v1beta2
      kind: KafkaTopic
      metadata: {name: not-a-user}
      ---
      apiVersion: kafka.strimzi.io/v1beta2
      kind: KafkaUser
      metadata: {name: alice}
      spec:
        authentication: {type: tls}
        authorization:
          type: simple
          acls:
            - resource: {type: topic, name: orders, patternType: literal}
              operations: [Read, DescribeConfigs]
              host: "*"
            - resource: {type: group, name: app-, patternType: prefix}
              operation: Read
            - resource: {type: cluster}
              operations: [IdempotentWrite]
              type: deny
      """;

  @Test
  void everyRuleAndOperationBecomesABindingForTheUsersPrincipal() throws Exception {
    List<KafkaUserManifest> users = KafkaUserManifests.parse(YAML);

    assertThat(users).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("alice"));
    KafkaUserManifest alice = users.get(0);
    assertThat(alice.principal()).isEqualTo("User:CN=alice");
    assertThat(alice.aclBindings())
        .containsExactlyInAnyOrder(
            binding(ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.READ),
            binding(
                ResourceType.TOPIC, "orders", PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS),
            binding(ResourceType.GROUP, "app-", PatternType.PREFIXED, AclOperation.READ),
            new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(
                    "User:CN=alice", "*", AclOperation.IDEMPOTENT_WRITE, AclPermissionType.DENY)));
    assertThat(alice.aclBindings("User:alice"))
        .allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:alice"));
  }

  @Test
  void aScramUserIsNamedWithoutCn() throws Exception {
    String scram = YAML.replace("type: tls", "type: scram-sha-512");

    assertThat(KafkaUserManifests.parse(scram).get(0).principal()).isEqualTo("User:alice");
  }

  @Test
  void unknownOperationsAndResourceTypesFailWithTheUsersName() {
    assertThatThrownBy(() -> KafkaUserManifests.parse(YAML.replace("Read, Describe", "Raed, D")))
        .hasMessageContaining("alice")
        .hasMessageContaining("Raed");
    assertThatThrownBy(() -> KafkaUserManifests.parse(YAML.replace("type: group", "type: queue")))
        .hasMessageContaining("unknown resource type queue");
  }

  @Test
  void theRepositoryDefinesOneTlsUserPerServiceAndTheCommandGrantingOnlyTheContractsNames() {
    var users = KafkaUserManifests.load();

    assertThat(users.keySet())
        .containsExactlyInAnyOrder(
            "podidentity-watcher", "podidentity-assigner", "podidentity-nmi", "podidentity-cli");
    assertThat(users.values()).allSatisfy(u -> assertThat(u.authentication()).isEqualTo("tls"));
    Set<String> topics =
        users.values().stream()
            .flatMap(u -> u.aclBindings().stream())
            .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
            .map(b -> b.pattern().name())
            .collect(Collectors.toSet());
    assertThat(topics)
        .isSubsetOf(
            dev.podidentity.events.Topics.ALL.stream()
                .map(dev.podidentity.events.TopicSpec::name)
                .toList());
    assertThat(
            users.values().stream()
                .flatMap(u -> u.aclBindings().stream())
                .map(b -> b.pattern().patternType()))
        .as("literal names only: a prefix would grant topics nobody has thought of yet")
        .containsOnly(PatternType.LITERAL);
  }

  private static AclBinding binding(
      ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:CN=alice", "*", op, AclPermissionType.ALLOW));
  }
}
