package dev.podidentity.assigner.adapter.kubernetes;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityIds;
import dev.podidentity.events.ProviderIdParse;
import dev.podidentity.events.ProviderIds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads back, from the cluster's AzureAssignedIdentity objects, which user-assigned identities a
 * controller put on which target: the second record of ownership beside the ledger, and the only
 * one of what aad-pod-identity's controller added before the switch.
 *
 * <p>An object counts when its status is {@code Assigned} and its identity is user-assigned (type
 * 0) with a resource id. aad-pod-identity's objects count as they are; this assigner's own count
 * only for identities it added (its {@link AssignedIdentityObjects#ADDED} annotation), so an
 * identity it merely found on the target is never claimed. The target is the object's node's, from
 * the node's provider id; an object whose node is gone or not an Azure VM is skipped and logged.
 */
final class AssignedIdentityClaims {
  private static final Logger LOG = Logger.getLogger(AssignedIdentityClaims.class);

  private AssignedIdentityClaims() {}

  static Map<ComputeTarget, Set<String>> read(KubernetesClient client) {
    Map<String, Optional<ComputeTarget>> nodes = new HashMap<>();
    Map<ComputeTarget, Set<String>> claims = new HashMap<>();
    for (GenericKubernetesResource o :
        client
            .genericKubernetesResources(KubernetesCluster.ASSIGNED)
            .inAnyNamespace()
            .list()
            .getItems()) {
      String id = claimedIdentity(o);
      if (id == null) {
        continue;
      }
      String node = text(o, "spec", "nodename");
      Optional<ComputeTarget> target =
          node == null ? Optional.empty() : nodes.computeIfAbsent(node, n -> target(client, n));
      if (target.isEmpty()) {
        LOG.warnf(
            "AzureAssignedIdentity %s/%s: node %s is gone or not an Azure VM; not adopted",
            o.getMetadata().getNamespace(), o.getMetadata().getName(), node);
        continue;
      }
      claims.computeIfAbsent(target.get(), t -> new HashSet<>()).add(id);
    }
    return claims;
  }

  /** An object another controller (aad-pod-identity's) wrote, showing the identity assigned. */
  static boolean claimedByAnotherController(GenericKubernetesResource o) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    return (annotations == null || !annotations.containsKey(AssignedIdentityObjects.ADDED))
        && claimedIdentity(o) != null;
  }

  /** The lowercase resource id the object claims was assigned by a controller, or null. */
  static String claimedIdentity(GenericKubernetesResource o) {
    if (!"Assigned".equals(text(o, "status", "status"))) {
      return null;
    }
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    if (annotations != null
        && annotations.containsKey(AssignedIdentityObjects.ADDED)
        && !"true".equals(annotations.get(AssignedIdentityObjects.ADDED))) {
      return null;
    }
    Object type = value(o, "spec", "azureIdentityRef", "spec", "type");
    String id = text(o, "spec", "azureIdentityRef", "spec", "resourceID");
    if (!(type instanceof Number n && n.intValue() == 0)
        || id == null
        || !IdentityIds.isUserAssigned(id)) {
      return null;
    }
    return id.toLowerCase(Locale.ROOT);
  }

  private static Optional<ComputeTarget> target(KubernetesClient client, String nodeName) {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null || node.getSpec() == null || node.getSpec().getProviderID() == null) {
      return Optional.empty();
    }
    return ProviderIds.parse(node.getSpec().getProviderID()) instanceof ProviderIdParse.Parsed p
        ? Optional.of(p.target())
        : Optional.empty();
  }

  private static String text(GenericKubernetesResource o, String... path) {
    return value(o, path) instanceof String s && !s.isBlank() ? s : null;
  }

  private static Object value(GenericKubernetesResource o, String... path) {
    Object v = o.getAdditionalProperties();
    for (String key : path) {
      if (!(v instanceof Map<?, ?> m)) {
        return null;
      }
      v = m.get(key);
    }
    return v;
  }
}
