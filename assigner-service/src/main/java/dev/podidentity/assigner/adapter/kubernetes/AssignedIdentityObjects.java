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
 * {@code <pod>-<namespace>-<identity>}, labelled with the node, in namespace {@code default} (the
 * identity's namespace in namespaced mode), status Created or Assigned, and Unassigned just before
 * the object is deleted. A failed assignment is an object too, with status Failed (aad-pod-identity
 * kept such objects at Created; the Event on the pod says why).
 */
final class AssignedIdentityObjects {
  static final String API_VERSION = "aadpodidentity.k8s.io/v1";
  static final String KIND = "AzureAssignedIdentity";

  /**
   * Whether a controller added the identity to the target ("true": this assigner, or the one whose
   * object this one replaced) or this assigner found it there ("false"): read back when claims are
   * listed, so that an identity found on the target is never claimed, and a claim survives the
   * object being rewritten.
   */
  static final String ADDED = "podidentity.k8s.io/added";

  private AssignedIdentityObjects() {}

  /** Object names by pod and identity; DNS-1123 limits them to 253 lowercase characters. */
  static String name(AssignmentRecord pod, AssignedIdentity identity) {
    String name =
        (pod.podName() + "-" + pod.namespace() + "-" + identity.identityName())
            .toLowerCase(Locale.ROOT);
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  /**
   * Where the object of {@code identity} lives: aad-pod-identity's choice, kept so that kubectl
   * habits and scripts carry over.
   */
  static String namespace(boolean namespaced, AssignedIdentity identity) {
    return namespaced ? identity.identityNamespace() : "default";
  }

  /**
   * The object for one identity of a pod.
   *
   * @param added this assigner added the identity to the pod's target
   */
  static GenericKubernetesResource of(
      boolean namespaced, AssignmentRecord pod, AssignedIdentity identity, boolean added) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(KIND);
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(pod, identity))
            .withNamespace(namespace(namespaced, identity))
            .withLabels(Map.of("nodename", pod.nodeName()))
            .withAnnotations(Map.of(ADDED, Boolean.toString(added)))
            .build());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("azureIdentityRef", identityRef(identity));
    spec.put("azureBindingRef", bindingRef(identity));
    spec.put("pod", pod.podName());
    spec.put("podNamespace", pod.namespace());
    spec.put("nodename", pod.nodeName());
    spec.put("replicas", 1);
    r.setAdditionalProperty("spec", spec);
    r.setAdditionalProperty(
        "status", Map.of("status", status(identity.state()), "availableReplicas", 1));
    return r;
  }

  /** The identity as aad-pod-identity embedded it: an AzureIdentity object with its spec. */
  private static Map<String, Object> identityRef(AssignedIdentity identity) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", identity.type().code());
    if (identity.resourceId() != null) {
      spec.put("resourceID", identity.resourceId());
    }
    if (identity.clientId() != null) {
      spec.put("clientID", identity.clientId());
    }
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("apiVersion", API_VERSION);
    ref.put("kind", "AzureIdentity");
    ref.put(
        "metadata",
        Map.of("name", identity.identityName(), "namespace", identity.identityNamespace()));
    ref.put("spec", spec);
    return ref;
  }

  /**
   * The binding as aad-pod-identity embedded it, with what the assignment knows of it: its name and
   * identity (the selector is on the binding itself).
   */
  private static Map<String, Object> bindingRef(AssignedIdentity identity) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("apiVersion", API_VERSION);
    ref.put("kind", "AzureIdentityBinding");
    ref.put(
        "metadata",
        Map.of("name", identity.bindingName(), "namespace", identity.identityNamespace()));
    ref.put("spec", Map.of("azureIdentity", identity.identityName()));
    return ref;
  }

  static String status(AssignmentState state) {
    return switch (state) {
      case ASSIGNED -> "Assigned";
      case FAILED -> "Failed";
      default -> "Created";
    };
  }

  static boolean added(GenericKubernetesResource object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ADDED));
  }

  static void markAdded(GenericKubernetesResource object) {
    object.getMetadata().setAnnotations(Map.of(ADDED, "true"));
  }
}
