package dev.podidentity.watcher.core;

import java.util.List;
import java.util.Map;

/** Small builders for core inputs, so each test states only what it is about. */
final class Fixtures {
  static final String VMSS_PROVIDER =
      "azure:///subscriptions/sub-1/resourceGroups/MC_rg/providers/Microsoft.Compute/"
          + "virtualMachineScaleSets/pool-vmss/virtualMachines/0";
  static final String UAMI =
      "/subscriptions/sub-1/resourceGroups/ids/providers/Microsoft.ManagedIdentity/"
          + "userAssignedIdentities/demo";

  private Fixtures() {}

  static NodeInput node(String name) {
    return new NodeInput(name, VMSS_PROVIDER, "1");
  }

  static PodInput pod(String uid, String node, String ip, String phase, String rv) {
    return new PodInput(
        uid,
        "default",
        "pod-" + uid,
        node,
        ip == null ? List.of() : List.of(ip),
        phase,
        false,
        false,
        Map.of("aadpodidbinding", "demo"),
        null,
        rv);
  }

  static PodInput deleting(PodInput p) {
    return copy(p, true, p.serviceAccount(), p.resourceVersion() + "0");
  }

  static ObjectRef ref(String kind, String name) {
    return new ObjectRef(kind, "default", name, "uid-" + name);
  }

  static IdentityInput identity(String name, String type, String resourceId) {
    return identity(name, type, resourceId, "client-1", Map.of());
  }

  static IdentityInput identity(
      String name,
      String type,
      String resourceId,
      String clientId,
      Map<String, String> annotations) {
    return new IdentityInput(
        ref("AzureIdentity", name),
        type,
        resourceId,
        clientId,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        annotations,
        "7",
        null);
  }

  /** {@code p} naming {@code serviceAccount} in its spec (null: none named). */
  static PodInput withServiceAccount(PodInput p, String serviceAccount) {
    return copy(p, p.deleting(), serviceAccount, p.resourceVersion());
  }

  private static PodInput copy(PodInput p, boolean deleting, String serviceAccount, String rv) {
    return new PodInput(
        p.uid(),
        p.namespace(),
        p.name(),
        p.nodeName(),
        p.podIps(),
        p.phase(),
        deleting,
        p.hostNetwork(),
        p.labels(),
        serviceAccount,
        rv);
  }

  static BindingInput binding(String name, String identity, String selector) {
    return new BindingInput(ref("AzureIdentityBinding", name), identity, selector, "8", null);
  }

  static ExceptionInput exception(String name, Map<String, String> labels) {
    return new ExceptionInput(ref("AzurePodIdentityException", name), labels, "9", null);
  }
}
