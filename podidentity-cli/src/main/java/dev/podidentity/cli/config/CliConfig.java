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

    /**
     * How long {@code identity list} waits for the assignment state, which is optional there: the
     * cluster's listing is printed without it after this long.
     */
    Duration assignmentStateTimeout();
  }
}
