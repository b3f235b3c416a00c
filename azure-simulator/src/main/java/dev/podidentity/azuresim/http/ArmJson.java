package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.state.ComputeTarget.IdentitySnapshot;
import dev.podidentity.azuresim.state.FederatedCredential;
import dev.podidentity.azuresim.state.IdentityType;
import dev.podidentity.azuresim.state.ManagedIdentity;
import dev.podidentity.azuresim.state.VmInstance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ARM resource bodies, with enough of each model for the Azure SDK to deserialise it. Identity ids
 * are answered lowercased and with UUID client and principal ids, as ARM does.
 */
public final class ArmJson {

  private ArmJson() {}

  public static Map<String, Object> identity(IdentitySnapshot snap, String tenantId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", snap.type().wire());
    if (snap.system() != null) {
      m.put("principalId", snap.system().principalId());
      m.put("tenantId", tenantId);
    }
    if (snap.type().hasUser()) {
      Map<String, Object> users = new LinkedHashMap<>();
      snap.userAssigned()
          .forEach(
              (key, mi) ->
                  users.put(
                      key, Map.of("principalId", mi.principalId(), "clientId", mi.clientId())));
      m.put("userAssignedIdentities", users);
    }
    return m;
  }

  public static Map<String, Object> target(ComputeTarget t, String tenantId) {
    return t.kind() == ComputeTarget.Kind.SCALE_SET ? scaleSet(t, tenantId) : vm(t, tenantId);
  }

  private static Map<String, Object> base(ComputeTarget t, String tenantId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("type", t.kind().armType);
    m.put("location", t.location());
    m.put("etag", t.etag());
    IdentitySnapshot snap = t.identity();
    if (snap.type() != IdentityType.NONE) {
      m.put("identity", identity(snap, tenantId));
    }
    return m;
  }

  public static Map<String, Object> scaleSet(ComputeTarget t, String tenantId) {
    Map<String, Object> m = base(t, tenantId);
    m.put(
        "sku",
        Map.of("name", "Standard_DS2_v2", "tier", "Standard", "capacity", t.instances().size()));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("provisioningState", t.provisioningState());
    props.put("uniqueId", t.uniqueId());
    props.put("singlePlacementGroup", true);
    props.put("overprovision", false);
    props.put("upgradePolicy", Map.of("mode", "Manual"));
    props.put(
        "virtualMachineProfile",
        Map.of(
            "osProfile",
            Map.of("computerNamePrefix", t.name(), "adminUsername", "azureuser"),
            "storageProfile",
            storageProfile(),
            "networkProfile",
            Map.of("networkInterfaceConfigurations", List.of())));
    m.put("properties", props);
    return m;
  }

  public static Map<String, Object> vm(ComputeTarget t, String tenantId) {
    Map<String, Object> m = base(t, tenantId);
    VmInstance vm = t.instances().get(0);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("vmId", vm.vmId());
    props.put("provisioningState", t.provisioningState());
    props.put("hardwareProfile", Map.of("vmSize", "Standard_DS2_v2"));
    props.put("storageProfile", storageProfile());
    props.put("osProfile", Map.of("computerName", vm.name(), "adminUsername", "azureuser"));
    props.put("networkProfile", Map.of("networkInterfaces", List.of()));
    m.put("properties", props);
    return m;
  }

  /** A scale set's instance, as {@code virtualMachineScaleSets/{name}/virtualMachines} lists it. */
  public static Map<String, Object> instance(ComputeTarget t, VmInstance vm) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id() + "/virtualMachines/" + vm.instanceId());
    m.put("name", t.name() + "_" + vm.instanceId());
    m.put("type", "Microsoft.Compute/virtualMachineScaleSets/virtualMachines");
    m.put("location", t.location());
    m.put("instanceId", vm.instanceId());
    m.put(
        "properties",
        Map.of(
            "vmId",
            vm.vmId(),
            "provisioningState",
            t.provisioningState(),
            "osProfile",
            Map.of("computerName", vm.name(), "adminUsername", "azureuser")));
    return m;
  }

  private static Map<String, Object> storageProfile() {
    return Map.of(
        "imageReference",
        Map.of("publisher", "microsoft-aks", "offer", "aks", "sku", "aks-ubuntu", "version", "1"),
        "osDisk",
        Map.of(
            "createOption",
            "FromImage",
            "caching",
            "ReadWrite",
            "managedDisk",
            Map.of("storageAccountType", "Premium_LRS")));
  }

  public static Map<String, Object> managedIdentity(ManagedIdentity mi) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", mi.id());
    m.put("name", mi.name());
    m.put("type", "Microsoft.ManagedIdentity/userAssignedIdentities");
    m.put("location", mi.location());
    m.put("tags", Map.of());
    m.put(
        "properties",
        Map.of(
            "tenantId", mi.tenantId(),
            "principalId", mi.principalId(),
            "clientId", mi.clientId()));
    return m;
  }

  public static Map<String, Object> federatedCredential(FederatedCredential fc) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("issuer", fc.issuer());
    props.put("subject", fc.subject());
    props.put("audiences", fc.audiences());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", fc.id());
    m.put("name", fc.name());
    m.put("type", FederatedCredentialHandler.TYPE);
    m.put("properties", props);
    return m;
  }
}
