package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.SimIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node that is a standalone VM (an availability-set node, as aad-pod-identity's e2e cluster had),
 * joined to the shared cluster for one scenario. The stack runs no NMI on it, so the scenario
 * asserts on the VM's identities only; tokens are the scale-set scenarios' part.
 */
class StandaloneVmIT extends Scenario {

  /** aad's node_test "should not alter the user-assigned identity on VM ...". */
  @Test
  void aUserIdentityAlreadyOnTheVmSurvivesOurAddAndRemove() {
    String ns = unique("vm");
    String vmName = unique("aks-agentpool-vm");
    Map<String, Object> vm =
        stack()
            .simulator()
            .addVirtualMachine(stack().subscription(), stack().resourceGroup(), vmName);
    String vmId = (String) vm.get("id");
    SimIdentity before = identity("vm-before");
    stack().simulator().assignIdentities(vmId, List.of(before.id()), false);
    stack().cluster().createNode(vmName, "azure://" + vmId, "vmpool");
    try {
      SimIdentity mi = identity("vm-ours");
      stack().addPodIdentity(ns, "id", mi, ns);
      String pod = unique("pod");
      stack().cluster().createPod(ns, pod, Map.of("aadpodidbinding", ns), false);
      stack().cluster().bindPod(ns, pod, vmName);
      stack().cluster().setPodStatus(ns, pod, "10.240.0.9", "Running");

      await("identity " + mi.name() + " on the VM")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> onVm(vmId, mi));
      assertThat(onVm(vmId, before)).isTrue();

      stack().cluster().deletePod(ns, pod);

      await("identity " + mi.name() + " off the VM")
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !onVm(vmId, mi));
      assertThat(onVm(vmId, before)).isTrue();
    } finally {
      stack().kubernetes().client().nodes().withName(vmName).delete();
    }
  }

  private boolean onVm(String vmId, SimIdentity identity) {
    return stack().simulator().identitiesOf(vmId).contains(identity.id().toLowerCase(Locale.ROOT));
  }
}
