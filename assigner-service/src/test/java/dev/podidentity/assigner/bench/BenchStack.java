package dev.podidentity.assigner.bench;

import dev.podidentity.assigner.Pipeline;
import dev.podidentity.assigner.adapter.azure.AzureClients;
import dev.podidentity.assigner.adapter.azure.AzureCloud;
import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.reconcile.AssignerMetrics;
import dev.podidentity.assigner.reconcile.ReconcileOptions;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.testsupport.kafka.SharedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;

/** An assigner pipeline against a simulator and the shared broker, as the benchmarks run it. */
public final class BenchStack {
  private BenchStack() {}

  static Pipeline pipeline(AzureSimulator sim, Vertx vertx, ReconcileOptions options) {
    String secret = UUID.randomUUID().toString();
    String clientId = (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
    AssignerConfig.Cloud cloud = cloud(sim, clientId, secret);
    return new Pipeline(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
        "bench-" + UUID.randomUUID(),
        "assigner-benchmark",
        new AzureCloud(new AzureClients(cloud, vertx)::compute, Duration.ofSeconds(120)),
        ClusterPort.NONE,
        false,
        options,
        new AssignerMetrics(new SimpleMeterRegistry()),
        Duration.ofSeconds(30));
  }

  /** Client-secret configuration against the simulator, as tests and benchmarks use it. */
  public static AssignerConfig.Cloud cloud(AzureSimulator sim, String clientId, String secret) {
    return new AssignerConfig.Cloud() {
      @Override
      public String credential() {
        return "client-secret";
      }

      @Override
      public String armEndpoint() {
        return sim.armUrl() + "/";
      }

      @Override
      public String authorityHost() {
        return sim.armUrl() + "/";
      }

      @Override
      public Optional<String> tenantId() {
        return Optional.of(sim.tenantId());
      }

      @Override
      public Optional<String> clientId() {
        return Optional.of(clientId);
      }

      @Override
      public Optional<String> clientSecret() {
        return Optional.of(secret);
      }

      @Override
      public Optional<String> trustPem() {
        return Optional.of(sim.trustPemPath().toString());
      }

      @Override
      public Duration requestTimeout() {
        return Duration.ofSeconds(120);
      }
    };
  }
}
