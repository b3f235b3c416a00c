package dev.podidentity.assigner.it;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * One Azure simulator for the module's tests, and the assigner configured against it through the
 * real SDK: client-secret credentials from the simulator's Entra endpoint, its certificate trusted.
 * An immutable identity and a cluster (kubelet) identity are configured by resource id.
 */
public class SimulatorTestResource implements QuarkusTestResourceLifecycleManager {
  public static final String SUBSCRIPTION = "5f4b4b7e-0000-4000-8000-00000000a551";
  public static final String RG = "mc_rg_it";
  private static AzureSimulator sim;
  private static String immutableId;
  private static String clusterId;

  public static synchronized AzureSimulator sim() {
    if (sim == null) {
      sim = AzureSimulator.start(SimulatorConfig.forTests());
      immutableId = (String) sim.admin().createIdentity(SUBSCRIPTION, RG, "immutable-id").get("id");
      clusterId = (String) sim.admin().createIdentity(SUBSCRIPTION, RG, "kubelet-id").get("id");
    }
    return sim;
  }

  public static String immutableId() {
    sim();
    return immutableId;
  }

  public static String clusterId() {
    sim();
    return clusterId;
  }

  @Override
  public Map<String, String> start() {
    AzureSimulator s = sim();
    String secret = UUID.randomUUID().toString();
    Map<String, Object> sp = s.admin().addServicePrincipal(null, secret, null);
    return Map.of(
        "assigner.cloud.credential",
        "client-secret",
        "assigner.cloud.tenant-id",
        s.tenantId(),
        "assigner.cloud.client-id",
        (String) sp.get("clientId"),
        "assigner.cloud.client-secret",
        secret,
        "assigner.cloud.arm-endpoint",
        s.armUrl() + "/",
        "assigner.cloud.authority-host",
        s.armUrl() + "/",
        "assigner.cloud.trust-pem",
        s.trustPemPath().toString(),
        "assigner.immutable-identities",
        immutableId,
        "assigner.cluster-identity",
        clusterId);
  }

  @Override
  public void stop() {
    // Shared by the JVM, like the broker.
  }
}
