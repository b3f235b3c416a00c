package dev.podidentity.assigner.bench;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmarks' assigner is the application itself, with its own channels, against a simulator of
 * the benchmark's own (PATCH latency, clock speed) and with the settings the benchmark names. A
 * benchmark class declares a profile that extends {@link Profile}.
 */
public final class BenchStack {
  private static volatile AzureSimulator sim;

  private BenchStack() {}

  /** The simulator of the running benchmark. */
  static AzureSimulator sim() {
    return sim;
  }

  /** Starts the benchmark's simulator and points the assigner's ARM client at it. */
  public static final class Simulator implements QuarkusTestResourceLifecycleManager {
    private SimulatorConfig config = SimulatorConfig.defaults();

    @Override
    public void init(Map<String, String> args) {
      if (args.containsKey("patchLatencyMs")) {
        config =
            config.withPatchLatency(Duration.ofMillis(Long.parseLong(args.get("patchLatencyMs"))));
      }
      if (args.containsKey("timeScale")) {
        config =
            SimulatorConfig.forTests().withTimeScale(Double.parseDouble(args.get("timeScale")));
      }
    }

    @Override
    public Map<String, String> start() {
      sim = AzureSimulator.start(config);
      String secret = UUID.randomUUID().toString();
      String clientId =
          (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
      Map<String, String> c = new HashMap<>();
      c.put("assigner.cloud.credential", "client-secret");
      c.put("assigner.cloud.tenant-id", sim.tenantId());
      c.put("assigner.cloud.client-id", clientId);
      c.put("assigner.cloud.client-secret", secret);
      c.put("assigner.cloud.arm-endpoint", sim.armUrl() + "/");
      c.put("assigner.cloud.authority-host", sim.armUrl() + "/");
      c.put("assigner.cloud.trust-pem", sim.trustPemPath().toString());
      c.put("assigner.cloud.request-timeout", "120s");
      return c;
    }

    @Override
    public void stop() {
      if (sim != null) {
        sim.close();
        sim = null;
      }
    }
  }

  /** A benchmark's application: no Kubernetes writes (the benchmarks measure ARM and Kafka). */
  public abstract static class Profile implements QuarkusTestProfile {
    /** Arguments of the benchmark's simulator ({@code patchLatencyMs}, {@code timeScale}). */
    protected abstract Map<String, String> simulator();

    /** The assigner settings the benchmark runs with. */
    protected Map<String, String> settings() {
      return Map.of();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = new HashMap<>(settings());
      c.put("assigner.kubernetes.enabled", "false");
      return c;
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(Simulator.class, simulator()));
    }
  }
}
