package dev.podidentity.assigner.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small builders for the contract's records, shared by the assigner's tests. */
public final class Fixtures {
  public static final ComputeTarget VMSS_A = ComputeTarget.scaleSet("sub", "rg", "pool-a");
  public static final ComputeTarget VMSS_B = ComputeTarget.scaleSet("sub", "rg", "pool-b");

  private Fixtures() {}

  public static String idOf(String name) {
    return ("/subscriptions/sub/resourcegroups/ids/providers/microsoft.managedidentity/"
            + "userassignedidentities/"
            + name)
        .toLowerCase(Locale.ROOT);
  }

  public static IdentityRecord identity(String ns, String name) {
    return userAssigned(ns, name, idOf(name), "client-" + name);
  }

  /** A valid type-0 AzureIdentity, as the watcher publishes it. */
  public static IdentityRecord userAssigned(
      String ns, String name, String resourceId, String clientId) {
    return new IdentityRecord(
        Event.CURRENT_SCHEMA_VERSION,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        resourceId,
        clientId,
        null,
        null,
        List.of(),
        null,
        null,
        false,
        true,
        null,
        "1");
  }

  public static IdentityRecord namespacedIdentity(String ns, String name) {
    return typeZero(ns, name, true, false);
  }

  /** A valid type-0 AzureIdentity annotated federated: its tokens come from Entra, not the VM. */
  public static IdentityRecord federated(String ns, String name) {
    return typeZero(ns, name, false, true);
  }

  private static IdentityRecord typeZero(
      String ns, String name, boolean namespaced, boolean federated) {
    return new IdentityRecord(
        Event.CURRENT_SCHEMA_VERSION,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        idOf(name),
        "client-" + name,
        null,
        null,
        List.of(),
        null,
        null,
        namespaced,
        federated,
        true,
        null,
        "1");
  }

  public static IdentityRecord servicePrincipal(String ns, String name) {
    return new IdentityRecord(
        Event.CURRENT_SCHEMA_VERSION,
        ns,
        name,
        IdentityType.SERVICE_PRINCIPAL,
        null,
        "client-" + name,
        "tenant",
        null,
        List.of(),
        null,
        null,
        false,
        true,
        null,
        "1");
  }

  public static IdentityRecord invalidIdentity(String ns, String name, String reason) {
    return new IdentityRecord(
        Event.CURRENT_SCHEMA_VERSION,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        "/subscriptions/sub/resourcegroups/x/providers/microsoft.storage/storageaccounts/" + name,
        "client-" + name,
        null,
        null,
        List.of(),
        null,
        null,
        false,
        false,
        reason,
        "1");
  }

  public static BindingRecord binding(String ns, String name, String identity, String selector) {
    return new BindingRecord(
        Event.CURRENT_SCHEMA_VERSION, ns, name, identity, selector, true, null, "1");
  }

  /** A binding with the eager annotation's value {@code eager} (true, false, pool names). */
  public static BindingRecord eagerBinding(
      String ns, String name, String identity, String selector, String eager) {
    return new BindingRecord(
        Event.CURRENT_SCHEMA_VERSION, ns, name, identity, selector, true, null, eager, "1");
  }

  /** Node {@code name} of {@code target}, in node pool {@code pool} (null: no pool label). */
  public static NodeRecord node(String name, ComputeTarget target, String pool) {
    return new NodeRecord(Event.CURRENT_SCHEMA_VERSION, name, null, target, null, pool, "1");
  }

  public static PodRecord pod(String ns, String name, ComputeTarget target, String selector) {
    return pod(ns, name, target, selector, PodPhase.RUNNING, false);
  }

  public static PodRecord pod(
      String ns,
      String name,
      ComputeTarget target,
      String selector,
      PodPhase phase,
      boolean deleting) {
    return new PodRecord(
        Event.CURRENT_SCHEMA_VERSION,
        "uid-" + ns + "-" + name,
        ns,
        name,
        "node-" + (target == null ? "x" : target.name()),
        target,
        List.of("127.0.0.9"),
        phase,
        deleting,
        false,
        selector == null ? Map.of() : Map.of("aadpodidbinding", selector),
        "1");
  }

  public static CloudIdentity cloud(String name) {
    return new CloudIdentity(idOf(name), "client-" + name, "principal-" + name);
  }
}
