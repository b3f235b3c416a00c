package dev.podidentity.cli.engine;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.azuresim.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Azure simulator for the command's launches, with a service principal whose client secret the
 * command is configured with ({@code podidentity.azure.*}, as the local stack's env file sets it).
 * Started once per JVM: a {@code @QuarkusMainTest} starts resources again for every launch, in a
 * new class loader, so what the launches share is kept in JVM-wide properties.
 */
public class AzureSimulatorResource implements QuarkusTestResourceLifecycleManager {
  static final String ARM_URL = "test.azure-simulator.arm-url";
  static final String TRUST_PEM = "test.azure-simulator.trust-pem";
  static final String TENANT = "test.azure-simulator.tenant";
  private static final String CLIENT = "test.azure-simulator.client-id";
  private static final String SECRET = "test.azure-simulator.client-secret";

  @Override
  public Map<String, String> start() {
    ensureStarted();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("podidentity.azure.arm-endpoint", System.getProperty(ARM_URL) + "/");
    config.put("podidentity.azure.authority-host", System.getProperty(ARM_URL) + "/");
    config.put("podidentity.azure.tenant-id", System.getProperty(TENANT));
    config.put("podidentity.azure.client-id", System.getProperty(CLIENT));
    config.put("podidentity.azure.client-secret", System.getProperty(SECRET));
    config.put("podidentity.azure.trust-pem", System.getProperty(TRUST_PEM));
    return config;
  }

  /** Starts the simulator unless a launch or a test already has: tests seed it before launching. */
  private static synchronized void ensureStarted() {
    if (System.getProperty(ARM_URL) == null) {
      AzureSimulator sim = AzureSimulator.start(SimulatorConfig.forTests());
      String secret = UUID.randomUUID().toString();
      String clientId =
          (String) sim.admin().addServicePrincipal(null, secret, null).get("clientId");
      System.setProperty(TRUST_PEM, sim.trustPemPath().toString());
      System.setProperty(TENANT, sim.tenantId());
      System.setProperty(CLIENT, clientId);
      System.setProperty(SECRET, secret);
      System.setProperty(ARM_URL, sim.armUrl());
    }
  }

  /** The simulator's admin API, from the test's class loader. */
  static SimulatorAdminClient admin() {
    ensureStarted();
    return new SimulatorAdminClient(
        System.getProperty(ARM_URL), Path.of(System.getProperty(TRUST_PEM)));
  }

  @Override
  public void stop() {
    // The simulator lives as long as the JVM, like the shared broker and Kubernetes server.
  }
}
