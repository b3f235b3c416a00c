package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podidentity.events.TopicSpec;
import dev.podidentity.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both topic definitions (Strimzi and plain Kafka) say exactly what the contract says. */
class TopicsTest {

  /** Settings a cluster may add on top of the contract's: durability, not semantics. */
  private static final Set<String> CLUSTER_EXTRAS = Set.of("min.insync.replicas");

  @Test
  void strimziKafkaTopicsMatchTheContract() {
    Rendered r = Kustomize.render("topics/strimzi");
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode t : r.ofKind("KafkaTopic")) {
      byName.put(t.path("spec").path("topicName").asText(), t);
      assertThat(t.path("metadata").path("labels").has("strimzi.io/cluster")).isTrue();
    }
    assertThat(byName.keySet())
        .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
    for (TopicSpec spec : Topics.ALL) {
      JsonNode t = byName.get(spec.name());
      assertThat(t.path("spec").path("partitions").asInt())
          .as(spec.name())
          .isEqualTo(spec.partitions());
      Map<String, String> config = new LinkedHashMap<>();
      t.path("spec")
          .path("config")
          .fields()
          .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      assertThat(config).as(spec.name()).containsAllEntriesOf(spec.config());
      assertThat(CLUSTER_EXTRAS).containsAll(minus(config.keySet(), spec.config().keySet()));
    }
  }

  @Test
  void plainKafkaScriptCreatesTheContractsTopics() throws IOException {
    List<String> lines =
        Files.readAllLines(
            Kustomize.moduleDir().resolve("components/kafka-topics-job/create-topics.sh"));
    Map<String, String[]> table = new HashMap<>();
    for (String line : lines) {
      if (line.startsWith("podidentity.")) {
        String[] parts = line.trim().split("\\s+");
        assertThat(parts).as(line).hasSize(3);
        table.put(parts[0], parts);
      }
    }
    assertThat(table.keySet())
        .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
    for (TopicSpec spec : Topics.ALL) {
      String[] row = table.get(spec.name());
      assertThat(Integer.parseInt(row[1])).as(spec.name()).isEqualTo(spec.partitions());
      Map<String, String> config = new HashMap<>();
      for (String kv : row[2].split(",")) {
        String[] pair = kv.split("=", 2);
        config.put(pair[0], pair[1]);
      }
      assertThat(config).as(spec.name()).isEqualTo(spec.config());
    }
  }

  @Test
  void everyStateTopicIsCompactedAndDeadLettersAndHeartbeatsAreNot() {
    for (TopicSpec spec : Topics.ALL) {
      assertThat(spec.compacted())
          .as(spec.name())
          .isEqualTo(
              !spec.name().equals(Topics.DEADLETTER) && !spec.name().equals(Topics.HEARTBEATS));
    }
  }

  @Test
  void theTopicJobRunsTheScriptAgainstTheConfiguredBrokers() {
    Rendered r = Kustomize.render("src/test/kustomize/workload-identity");
    Rendered.Workload job =
        r.workloads().stream().filter(w -> w.kind().equals("Job")).findFirst().orElseThrow();
    JsonNode c = job.podSpec().path("containers").get(0);
    assertThat(WorkloadHardeningTest.texts(c.path("command")))
        .contains("/scripts/create-topics.sh");
    assertThat(
            WorkloadHardeningTest.env(c, "KAFKA_BOOTSTRAP_SERVERS")
                .path("valueFrom")
                .path("configMapKeyRef")
                .path("name")
                .asText())
        .startsWith("podidentity-settings-");
    assertThat(job.object().path("spec").path("activeDeadlineSeconds").asInt()).isPositive();
    JsonNode scripts = job.podSpec().path("volumes").findParent("configMap").path("configMap");
    assertThat(
            r.get("ConfigMap", scripts.path("name").asText()).path("data").has("create-topics.sh"))
        .isTrue();
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
