package dev.podidentity.testsupport.quarkus;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A service's {@code @ConfigMapping} as the service reads it, for tests outside Quarkus: its
 * defaults, with the test's own settings over them. The engines take the mapping itself, so a test
 * configures them exactly as a user would.
 */
public final class ConfigMappings {
  private ConfigMappings() {}

  /** {@code mapping} with {@code keyValues} ({@code "assigner.linger", "5m", ...}) set. */
  public static <T> T of(Class<T> mapping, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.put(keyValues[i], keyValues[i + 1]);
    }
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(mapping)
            // Quarkus's own converter: "100ms" and "5m" as in application.properties.
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(mapping);
  }
}
