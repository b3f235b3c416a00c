package dev.podidentity.testsupport.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} of a module the shared broker. Declare it once per module:
 * {@code @WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", SharedKafka.bootstrapServers());
  }

  @Override
  public void stop() {
    // The broker belongs to the JVM (SharedKafka), not to one application start.
  }
}
