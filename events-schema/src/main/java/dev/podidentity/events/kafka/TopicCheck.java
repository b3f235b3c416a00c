package dev.podidentity.events.kafka;

import dev.podidentity.events.TopicSpec;
import dev.podidentity.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Checks, before a service starts, that the topics it uses exist with the settings the contract
 * needs. A state topic that is not compacted would silently lose state on retention, so the service
 * refuses to run on one, with a message that says what to fix.
 */
public final class TopicCheck {
  private TopicCheck() {}

  /** Returns the problems found (empty when all is well). */
  public static List<String> problems(Admin admin, List<TopicSpec> specs, long timeoutMs)
      throws InterruptedException {
    List<String> problems = new ArrayList<>();
    try {
      var existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<TopicSpec> present = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (existing.contains(spec.name())) {
          present.add(spec);
        } else {
          problems.add(
              "topic " + spec.name() + " does not exist (create it as k8s/topics defines)");
        }
      }
      if (present.isEmpty()) {
        return problems;
      }
      Map<String, TopicDescription> descriptions =
          admin
              .describeTopics(present.stream().map(TopicSpec::name).toList())
              .allTopicNames()
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  present.stream()
                      .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                      .collect(Collectors.toList()))
              .all()
              .get(timeoutMs, TimeUnit.MILLISECONDS);
      for (TopicSpec spec : present) {
        String policy =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))
                .get("cleanup.policy")
                .value();
        if (spec.compacted() && !policy.contains("compact")) {
          problems.add(
              "topic "
                  + spec.name()
                  + " holds state and must be compacted (cleanup.policy=compact), but has"
                  + " cleanup.policy="
                  + policy
                  + ": records would be deleted by retention and state lost");
        }
      }
      for (TopicSpec spec : present) {
        TopicDescription d = descriptions.get(spec.name());
        if (spec.partitions() == 1 && d != null && d.partitions().size() != 1) {
          // Every reader takes the whole table as partition 0 of it.
          problems.add(
              "topic "
                  + spec.name()
                  + " must have 1 partition (it is read whole, as partition 0), but has "
                  + d.partitions().size());
        }
      }
      TopicDescription pods = descriptions.get(Topics.PODS);
      TopicDescription assignments = descriptions.get(Topics.ASSIGNMENTS);
      if (pods != null
          && assignments != null
          && pods.partitions().size() != assignments.partitions().size()) {
        // An NMI reads one partition number of both topics: the counts must match.
        problems.add(
            Topics.PODS
                + " has "
                + pods.partitions().size()
                + " partitions but "
                + Topics.ASSIGNMENTS
                + " has "
                + assignments.partitions().size()
                + "; they must have the same count");
      }
    } catch (ExecutionException e) {
      // The cause names the real problem: authentication failed, not authorised, unreachable.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problems.add(
          "cannot describe topics: "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage());
    } catch (TimeoutException e) {
      problems.add("cannot describe topics: no answer from the broker within " + timeoutMs + " ms");
    }
    return problems;
  }

  /**
   * Connects with the service's own Kafka settings (security included) and throws with every
   * problem listed, so a misconfigured deployment fails at start, not later. An unreachable broker
   * or a refused credential is such a problem too, named as the client reports it.
   */
  public static void require(Map<String, Object> kafka, List<TopicSpec> specs, Duration timeout) {
    Map<String, Object> settings = new HashMap<>(kafka);
    settings.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(15_000, timeout.toMillis()));
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(settings)) {
      require(admin, specs, timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking topics", e);
    }
  }

  /** Throws with every problem listed, so a misconfigured deployment fails at start, not later. */
  public static void require(Admin admin, List<TopicSpec> specs, long timeoutMs)
      throws InterruptedException {
    List<String> problems = problems(admin, specs, timeoutMs);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
    }
  }
}
