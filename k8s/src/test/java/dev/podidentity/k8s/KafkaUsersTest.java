package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.events.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' Strimzi KafkaUsers, and the operators' command's, grant exactly the least ACLs
 * below, in both authentication forms. (test-support's ServiceAclsIT applies the same manifests to
 * a real broker and proves each service's clients need all of it; this test keeps the manifests
 * from growing.)
 */
class KafkaUsersTest {
  /** The operators' principal: a user, not a workload. */
  private static final String CLI = "podidentity-cli";

  private static final Set<String> READER = Set.of("Describe", "DescribeConfigs", "Read");
  private static final Set<String> OWNER = Set.of("Describe", "DescribeConfigs", "Read", "Write");
  private static final Set<String> DEAD_LETTERS = Set.of("Write");

  /** The operators' command: reads every topic and writes dead letters back to state topics. */
  private static final Set<String> OPERATOR = Set.of("Describe", "Read", "Write");

  /** User, topic, operations. */
  static final Map<String, Map<String, Set<String>>> TOPICS =
      Map.of(
          "podidentity-watcher",
          Map.of(
              Topics.NODES, OWNER,
              Topics.PODS, OWNER,
              Topics.CONFIG, OWNER,
              Topics.HEARTBEATS, Set.of("Describe", "DescribeConfigs", "Write"),
              Topics.DEADLETTER, DEAD_LETTERS),
          "podidentity-assigner",
          Map.of(
              Topics.NODES, READER,
              Topics.PODS, READER,
              Topics.CONFIG, READER,
              Topics.ASSIGNMENTS, OWNER,
              Topics.LEDGER, OWNER,
              Topics.DEADLETTER, DEAD_LETTERS),
          "podidentity-nmi",
          Map.of(
              Topics.NODES, READER,
              Topics.PODS, READER,
              Topics.CONFIG, READER,
              Topics.ASSIGNMENTS, READER,
              Topics.HEARTBEATS, READER,
              Topics.DEADLETTER, DEAD_LETTERS),
          "podidentity-cli",
          Map.of(
              Topics.NODES, OPERATOR,
              Topics.PODS, OPERATOR,
              Topics.CONFIG, OPERATOR,
              Topics.ASSIGNMENTS, OPERATOR,
              Topics.LEDGER, OPERATOR,
              Topics.DEADLETTER, Set.of("Describe", "Read")));

  /**
   * Only the assigner consumes in a group, its own; the command lists its members and resets or
   * deletes its offsets (replay), without joining it.
   */
  static final Map<String, Map<String, Set<String>>> GROUPS =
      Map.of(
          "podidentity-assigner",
          Map.of("podidentity-assigner", Set.of("Read")),
          "podidentity-cli",
          Map.of("podidentity-assigner", Set.of("Describe", "Read", "Delete")));

  /**
   * Who writes each topic: every state topic has one service writing it, as the contract says, and
   * the operators' command, which only writes a dead letter back to where it was read.
   */
  static final Map<String, Set<String>> WRITERS =
      Map.of(
          Topics.NODES, Set.of("podidentity-watcher", CLI),
          Topics.PODS, Set.of("podidentity-watcher", CLI),
          Topics.CONFIG, Set.of("podidentity-watcher", CLI),
          Topics.HEARTBEATS, Set.of("podidentity-watcher"),
          Topics.ASSIGNMENTS, Set.of("podidentity-assigner", CLI),
          Topics.LEDGER, Set.of("podidentity-assigner", CLI),
          Topics.DEADLETTER,
              Set.of("podidentity-watcher", "podidentity-assigner", "podidentity-nmi"));

  /** Operations that change a resource; Write is the only one any user has. */
  private static final Set<String> CHANGING =
      Set.of("Write", "Create", "Delete", "Alter", "AlterConfigs", "All", "IdempotentWrite");

  static Stream<Arguments> userSets() {
    return Stream.of(
        Arguments.of("topics/strimzi", "tls"),
        Arguments.of("src/test/strimzi/scram-users", "scram-sha-512"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userSets")
  void eachServiceHasAUserWithExactlyItsAcls(String dir, String authentication) {
    Rendered r = Kustomize.render(dir);
    List<JsonNode> users = r.ofKind("KafkaUser");
    assertThat(users.stream().map(Rendered::nameOf))
        .containsExactlyInAnyOrderElementsOf(TOPICS.keySet());
    for (JsonNode user : users) {
      String name = Rendered.nameOf(user);
      assertThat(user.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
      assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText())
          .as(name)
          .isNotBlank();
      assertThat(user.path("spec").path("authentication").path("type").asText())
          .as(name)
          .isEqualTo(authentication);
      assertThat(user.path("spec").path("authorization").path("type").asText()).isEqualTo("simple");
      assertThat(acls(user, "topic")).as(name + " topics").isEqualTo(TOPICS.get(name));
      assertThat(acls(user, "group"))
          .as(name + " groups")
          .isEqualTo(GROUPS.getOrDefault(name, Map.of()));
    }
  }

  @Test
  void noUserChangesATopicItDoesNotWriteByContract() {
    Map<String, Set<String>> writers = new HashMap<>();
    for (JsonNode user : Kustomize.render("topics/strimzi").ofKind("KafkaUser")) {
      acls(user, "topic")
          .forEach(
              (topic, ops) -> {
                Set<String> changing = new TreeSet<>(ops);
                changing.retainAll(CHANGING);
                assertThat(changing).as(Rendered.nameOf(user) + " on " + topic).isSubsetOf("Write");
                if (!changing.isEmpty()) {
                  writers.computeIfAbsent(topic, t -> new HashSet<>()).add(Rendered.nameOf(user));
                }
              });
    }
    assertThat(writers).isEqualTo(WRITERS);
  }

  @Test
  void everyWorkloadHasAKafkaUserOfItsName() {
    Set<String> users = new HashSet<>();
    Kustomize.render("topics/strimzi")
        .ofKind("KafkaUser")
        .forEach(u -> users.add(Rendered.nameOf(u)));
    users.remove(CLI);

    assertThat(OverlaysTest.workloadNames(Kustomize.render("overlays/standard")))
        .containsExactlyInAnyOrderElementsOf(users);
  }

  /**
   * A user's ACLs on one kind of resource: name to operations. Every rule must be literal (a prefix
   * would also grant topics nobody has thought of yet), for any host, and allow.
   */
  static Map<String, Set<String>> acls(JsonNode user, String resourceType) {
    Map<String, Set<String>> byName = new HashMap<>();
    for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
      JsonNode resource = acl.path("resource");
      String name = Rendered.nameOf(user);
      assertThat(resource.path("type").asText()).as(name).isIn("topic", "group");
      assertThat(resource.path("patternType").asText("literal")).as(name).isEqualTo("literal");
      assertThat(acl.path("host").asText("*")).as(name).isEqualTo("*");
      assertThat(acl.path("type").asText("allow")).as(name).isEqualTo("allow");
      assertThat(acl.has("operation")).as(name + " uses the deprecated single operation").isFalse();
      if (resource.path("type").asText().equals(resourceType)) {
        Set<String> ops =
            byName.computeIfAbsent(resource.path("name").asText(), n -> new HashSet<>());
        acl.path("operations").forEach(op -> ops.add(op.asText()));
      }
    }
    return byName;
  }
}
