package dev.podidentity.nmi.tracing;

import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.SimulatorConfig;
import dev.podidentity.testsupport.quarkus.TracingOn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The application's node as a VM of a simulated scale set, its IMDS the VM's, and a user-assigned
 * identity already on the scale set: a pod bound to it gets a real token.
 */
public class TracedNode implements QuarkusTestResourceLifecycleManager {
  static AzureSimulator sim;
  static String scaleSetId;
  static String subscription = UUID.randomUUID().toString();
  static String scaleSet = "vmss-traced";
  static Map<String, Object> identity;

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, String> start() {
    sim = AzureSimulator.start(SimulatorConfig.forTests());
    Map<String, Object> vmss = sim.admin().addScaleSet(subscription, "rg", scaleSet, 1);
    scaleSetId = (String) vmss.get("id");
    identity = sim.admin().createIdentity(subscription, "rg", "traced-id");
    sim.admin().assignIdentities(scaleSetId, List.of((String) identity.get("id")), false);
    Map<String, Object> vm = ((List<Map<String, Object>>) vmss.get("vms")).get(0);
    Map<String, String> config = new HashMap<>(TracingOn.overrides());
    config.put("nmi.imds.url", (String) vm.get("imdsEndpoint"));
    return config;
  }

  @Override
  public void stop() {
    if (sim != null) {
      sim.close();
    }
  }
}
