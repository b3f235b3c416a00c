package dev.podidentity.cli.core;

import dev.podidentity.events.IdentityRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The objects {@code az aks pod-identity add} and {@code pod-identity exception add} make, built
 * from the same flags: an AzureIdentity (type 0, the user-assigned identity's resource id and
 * client id) named after the pod identity, its AzureIdentityBinding {@code <name>-binding} whose
 * selector defaults to the name, and an AzurePodIdentityException with the pod labels. These are
 * the objects aad-pod-identity users write by hand, in the same layout.
 */
public final class PodIdentities {
  public static final String API_VERSION = "aadpodidentity.k8s.io/v1";
  public static final String BINDING_SUFFIX = "-binding";

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern RESOURCE_ID =
      Pattern.compile(
          "(?i)/subscriptions/[^/]+/resourcegroups/[^/]+/providers/"
              + "Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+");
  private static final Pattern CLIENT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private PodIdentities() {}

  /** The AzureIdentity of {@code identity add}. */
  public static Map<String, Object> identity(
      String name, String namespace, String resourceId, String clientId) {
    requireName(name, "--name");
    requireName(namespace, "--namespace");
    if (!RESOURCE_ID.matcher(resourceId).matches()) {
      throw new IllegalArgumentException(
          "--identity-resource-id must be a user-assigned identity's resource id"
              + " (/subscriptions/<id>/resourcegroups/<group>/providers/"
              + "Microsoft.ManagedIdentity/userAssignedIdentities/<name>), not: "
              + resourceId);
    }
    if (!CLIENT_ID.matcher(clientId).matches()) {
      throw new IllegalArgumentException("--client-id must be a GUID, not: " + clientId);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", 0);
    spec.put("resourceID", resourceId);
    spec.put("clientID", clientId);
    return object("AzureIdentity", name, namespace, spec);
  }

  /** The AzureIdentityBinding of {@code identity add}; the selector defaults to the name. */
  public static Map<String, Object> binding(String name, String namespace, String selector) {
    requireName(name, "--name");
    String effective = selector == null || selector.isBlank() ? name : selector;
    if (effective.length() > 63 || !effective.matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")) {
      throw new IllegalArgumentException(
          "--binding-selector must be a label value (63 characters at most, alphanumerics,"
              + " '-', '_' or '.'), not: "
              + effective);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("azureIdentity", name);
    spec.put("selector", effective);
    return object("AzureIdentityBinding", name + BINDING_SUFFIX, namespace, spec);
  }

  /** The AzurePodIdentityException of {@code exception add|update}. */
  public static Map<String, Object> exception(
      String name, String namespace, Map<String, String> podLabels) {
    requireName(name, "--name");
    requireName(namespace, "--namespace");
    if (podLabels.isEmpty()) {
      throw new IllegalArgumentException("--pod-labels needs at least one key=value");
    }
    return object("AzurePodIdentityException", name, namespace, Map.of("podLabels", podLabels));
  }

  /** {@code k=v,k2=v2} or {@code k=v k2=v2} (az's space-separated form), in order. */
  public static Map<String, String> labels(List<String> args) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String arg : args) {
      for (String pair : arg.split("[,\\s]+")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--pod-labels takes key=value pairs separated by commas, not: " + pair);
        }
        labels.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return labels;
  }

  /**
   * The AzureIdentity of {@code identity add --federated}: annotated {@value
   * dev.podidentity.events.IdentityRecord#FEDERATED_ANNOTATION}{@code : "true"}, so the assigner
   * never puts it on a scale set and the NMI gets its tokens by federation, with the identity's
   * tenant (the authority the NMI exchanges the pod's token at) when known.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> federated(Map<String, Object> identity, String tenantId) {
    Map<String, Object> copy = new LinkedHashMap<>(identity);
    Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) copy.get("metadata"));
    metadata.put("annotations", Map.of(IdentityRecord.FEDERATED_ANNOTATION, "true"));
    copy.put("metadata", metadata);
    if (tenantId != null) {
      Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) copy.get("spec"));
      spec.put("tenantID", tenantId);
      copy.put("spec", spec);
    }
    return copy;
  }

  /** A service account's name, as {@code --service-account} takes it. */
  public static String serviceAccount(String name) {
    requireName(name, "--service-account");
    return name;
  }

  private static void requireName(String value, String flag) {
    if (value == null || value.length() > 253 || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          flag + " must be a Kubernetes name (lower case, digits, '-', '.'), not: " + value);
    }
  }

  private static Map<String, Object> object(
      String kind, String name, String namespace, Map<String, Object> spec) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", API_VERSION);
    o.put("kind", kind);
    o.put("metadata", metadata);
    o.put("spec", spec);
    return o;
  }
}
