package dev.podidentity.assigner.adapter.kubernetes;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * AzureAssignedIdentity objects as aad-pod-identity wrote them: one per pod and identity, named
 * {@code <pod>-<namespace>-<identity>}, labelled with the node, status Created or Assigned.
 */
final class AssignedIdentityObjects {
  static final String API_VERSION = "aadpodidentity.k8s.io/v1";
  static final String KIND = "AzureAssignedIdentity";

  private AssignedIdentityObjects() {}

  /** Object names by pod and identity; DNS-1123 limits them to 253 lowercase characters. */
  static String name(AssignmentRecord pod, AssignedIdentity identity) {
    String name =
        (pod.podName() + "-" + pod.namespace() + "-" + identity.identityName())
            .toLowerCase(Locale.ROOT);
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  /** The object for one identity of a pod, or null when FAILED (there is nothing assigned). */
  static GenericKubernetesResource of(AssignmentRecord pod, AssignedIdentity identity) {
    if (identity.state() == AssignmentState.FAILED) {
      return null;
    }
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(KIND);
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(pod, identity))
            .withNamespace(pod.namespace())
            .withLabels(Map.of("nodename", pod.nodeName()))
            .build());
    Map<String, Object> identityRef = new LinkedHashMap<>();
    identityRef.put(
        "metadata",
        Map.of("name", identity.identityName(), "namespace", identity.identityNamespace()));
    Map<String, Object> identitySpec = new LinkedHashMap<>();
    identitySpec.put("type", identity.type().code());
    if (identity.resourceId() != null) {
      identitySpec.put("resourceID", identity.resourceId());
    }
    if (identity.clientId() != null) {
      identitySpec.put("clientID", identity.clientId());
    }
    identityRef.put("spec", identitySpec);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("azureIdentityRef", identityRef);
    spec.put(
        "azureBindingRef",
        Map.of(
            "metadata",
            Map.of("name", identity.bindingName(), "namespace", identity.identityNamespace())));
    spec.put("pod", pod.podName());
    spec.put("podNamespace", pod.namespace());
    spec.put("nodename", pod.nodeName());
    spec.put("replicas", 1);
    r.setAdditionalProperty("spec", spec);
    r.setAdditionalProperty(
        "status",
        Map.of(
            "status",
            identity.state() == AssignmentState.ASSIGNED ? "Assigned" : "Created",
            "availableReplicas",
            1));
    return r;
  }
}
