package dev.podidentity.local;

import dev.podidentity.azuresim.OidcIssuer;
import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.local.port.Cluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Federated identities on the stack: what a user writes to Kubernetes (a type 0 AzureIdentity
 * annotated {@code podidentity.k8s.io/federated: "true"} and its binding) and to Azure (a federated
 * credential on the user-assigned identity for the cluster's service-account issuer and a service
 * account's subject). The NMIs then serve the identity from the pod's service-account token
 * exchanged at the simulator's Entra; the scale set never holds it.
 */
public final class FederatedIdentities {
  private final Cluster cluster;
  private final SimulatorAdminClient admin;
  private final Supplier<String> issuer;

  FederatedIdentities(Cluster cluster, SimulatorAdminClient admin, Supplier<String> issuer) {
    this.cluster = cluster;
    this.admin = admin;
    this.issuer = issuer;
  }

  /** A federated AzureIdentity {@code name} and a binding giving it to pods of {@code selector}. */
  public void add(String namespace, String name, SimIdentity identity, String selector) {
    markFederated(namespace, name, identity);
    cluster.putBinding(namespace, name + "-binding", name, selector, Map.of());
  }

  /**
   * Writes AzureIdentity {@code name} as a federated one: a type 0 AzureIdentity in use becomes
   * federated (the migration step; its federated credentials must exist first, see the README).
   */
  public void markFederated(String namespace, String name, SimIdentity identity) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", 0);
    spec.put("resourceID", identity.id());
    spec.put("clientID", identity.clientId());
    cluster.putIdentity(namespace, name, Map.of(IdentityRecord.FEDERATED_ANNOTATION, "true"), spec);
  }

  /**
   * Entra trusts the tokens of {@code namespace/serviceAccount} for {@code identity}: a federated
   * credential for the cluster's issuer and {@code system:serviceaccount:<ns>:<sa>}, as {@code az
   * identity federated-credential create} makes it.
   */
  public void trust(SimIdentity identity, String namespace, String serviceAccount) {
    admin.addFederatedCredential(
        identity.id(),
        namespace + "-" + serviceAccount,
        issuer.get(),
        OidcIssuer.serviceAccountSubject(namespace, serviceAccount));
  }

  /** Removes what {@link #trust} added. */
  public void distrust(SimIdentity identity, String namespace, String serviceAccount) {
    admin.removeFederatedCredential(identity.id(), namespace + "-" + serviceAccount);
  }
}
