package dev.podidentity.assigner.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The assigner's settings as the service reads them, for tests outside Quarkus. */
public final class Configs {
  private Configs() {}

  /**
   * The service's defaults, with {@code keyValues} ({@code "assigner.linger", "5m", ...}) over
   * them.
   */
  public static AssignerConfig assigner(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(AssignerConfig.class)
            // Quarkus's own converter: "100ms" and "5m" as in application.properties.
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(AssignerConfig.class);
  }
}
