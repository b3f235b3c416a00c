package dev.podidentity.cli.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The command's own settings ({@code podidentity.*} keys or {@code PODIDENTITY_*} variables). */
@ConfigMapping(prefix = "podidentity")
public interface CliConfig {
  Kafka kafka();

  interface Kafka {
    /** How long reading one topic to its end may take. */
    Duration readTimeout();
  }
}
