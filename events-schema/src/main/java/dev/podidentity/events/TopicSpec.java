package dev.podidentity.events;

import java.util.Map;

/**
 * A topic and the settings production gives it; tests and the local stack create it the same way.
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {
  public TopicSpec {
    Require.text(name, "name");
    config = Map.copyOf(config);
  }

  /** State topics are compacted: a restarted service rebuilds its state by replaying them. */
  public boolean compacted() {
    return config.getOrDefault("cleanup.policy", "delete").contains("compact");
  }
}
