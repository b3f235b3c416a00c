package dev.podidentity.testsupport.kafka;

import dev.podidentity.events.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;

/** Creates the contract's topics with production settings; existing topics are left alone. */
public final class TopicAdmin {
  private TopicAdmin() {}

  public static void ensure(String bootstrapServers, List<TopicSpec> specs) {
    try (Admin admin = admin(bootstrapServers)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          missing.add(
              new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.config()));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        // A created topic reaches the metadata other clients read a moment later: wait for it, so
        // a caller never sees "does not exist" for a topic it has just made.
        Set<String> created = new HashSet<>();
        missing.forEach(t -> created.add(t.name()));
        Awaitility.await("topics " + created + " listed")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(created));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
    }
  }

  public static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
  }
}
