package dev.podidentity.azuresim;

import dev.podidentity.azuresim.http.Services;
import dev.podidentity.azuresim.state.AzureState;
import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.state.ManagedIdentity;
import dev.podidentity.azuresim.state.ServicePrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads a {@link Seed} into the state and reports what it made (ids, VM names, IMDS addresses). */
public final class Seeder {

  private final AzureState state;
  private final Services.ImdsAddresses imds;

  public Seeder(AzureState state, Services.ImdsAddresses imds) {
    this.state = state;
    this.imds = imds;
  }

  public Map<String, Object> apply(Seed seed) {
    List<Object> identities = new ArrayList<>();
    List<Object> targets = new ArrayList<>();
    List<Object> principals = new ArrayList<>();
    for (Seed.Subscription sub : seed.subscriptions()) {
      for (Seed.ResourceGroup rg : sub.resourceGroups()) {
        state.ensureResourceGroup(sub.id(), rg.name());
        for (String name : rg.identities()) {
          ManagedIdentity mi = state.createIdentity(sub.id(), rg.name(), name, rg.location());
          identities.add(identityInfo(mi));
        }
        for (Seed.Compute c : rg.scaleSets()) {
          ComputeTarget t =
              state.addScaleSet(sub.id(), rg.name(), c.name(), rg.location(), c.instances());
          targets.add(assign(t, c, sub.id(), rg.name()));
        }
        for (Seed.Compute c : rg.virtualMachines()) {
          ComputeTarget t = state.addVirtualMachine(sub.id(), rg.name(), c.name(), rg.location());
          targets.add(assign(t, c, sub.id(), rg.name()));
        }
      }
    }
    for (Seed.Principal p : seed.servicePrincipals()) {
      ServicePrincipal sp =
          state.directory().addServicePrincipal(p.clientId(), p.secret(), p.certificatePem());
      for (Seed.Role r : p.roles()) {
        state
            .directory()
            .addRoleAssignment(sp.objectId(), r.scope(), r.role() == null ? "Reader" : r.role());
      }
      principals.add(principalInfo(sp));
    }
    return Map.of("identities", identities, "targets", targets, "servicePrincipals", principals);
  }

  private Map<String, Object> assign(ComputeTarget t, Seed.Compute c, String sub, String rg) {
    List<String> ids =
        c.identities().stream()
            .map(
                i ->
                    i.startsWith("/")
                        ? i
                        : "/subscriptions/"
                            + sub
                            + "/resourceGroups/"
                            + rg
                            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                            + i)
            .toList();
    if (!ids.isEmpty() || c.systemAssigned()) {
      state.assignDirectly(t, ids, c.systemAssigned());
    }
    return targetInfo(t);
  }

  public static Map<String, Object> identityInfo(ManagedIdentity mi) {
    return Map.of(
        "id",
        mi.id(),
        "name",
        mi.name(),
        "clientId",
        mi.clientId(),
        "principalId",
        mi.principalId());
  }

  public Map<String, Object> targetInfo(ComputeTarget t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("kind", t.kind().segment);
    m.put(
        "vms",
        t.instances().stream()
            .map(
                vm ->
                    Map.of(
                        "name", vm.name(),
                        "instanceId", vm.instanceId() == null ? "" : vm.instanceId(),
                        "imdsEndpoint", imds.endpointFor(vm.name())))
            .toList());
    return m;
  }

  public static Map<String, Object> principalInfo(ServicePrincipal sp) {
    return Map.of("clientId", sp.clientId(), "objectId", sp.objectId(), "tenantId", sp.tenantId());
  }
}
