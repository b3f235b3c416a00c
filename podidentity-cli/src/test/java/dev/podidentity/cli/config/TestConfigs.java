package dev.podidentity.cli.config;

import java.time.Duration;
import java.util.Optional;

/** {@link CliConfig} for adapter tests that build adapters by hand. */
public final class TestConfigs {
  private TestConfigs() {}

  /** Kafka reads bounded by {@code readTimeout}; Azure from {@code azure}. */
  public static CliConfig cli(Duration readTimeout, CliConfig.Azure azure) {
    return new CliConfig() {
      @Override
      public Kafka kafka() {
        return new Kafka() {
          @Override
          public Duration readTimeout() {
            return readTimeout;
          }

          @Override
          public Duration assignmentStateTimeout() {
            return readTimeout;
          }
        };
      }

      @Override
      public Azure azure() {
        return azure;
      }
    };
  }

  /** Azure settings: a client secret when {@code secret} is given, else the default chain. */
  public static CliConfig.Azure azure(
      String arm, String authority, String tenant, String clientId, String secret, String pem) {
    return new CliConfig.Azure() {
      @Override
      public String armEndpoint() {
        return arm;
      }

      @Override
      public String authorityHost() {
        return authority;
      }

      @Override
      public Optional<String> tenantId() {
        return Optional.ofNullable(tenant);
      }

      @Override
      public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
      }

      @Override
      public Optional<String> clientSecret() {
        return Optional.ofNullable(secret);
      }

      @Override
      public Optional<String> trustPem() {
        return Optional.ofNullable(pem);
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(60);
      }
    };
  }
}
