package dev.podidentity.cli.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aad-pod-identity objects of the cluster the kubeconfig names, as plain maps (the layout users
 * write in YAML). {@code kind} is AzureIdentity, AzureIdentityBinding or AzurePodIdentityException.
 */
public interface AadObjects {
  /**
   * Creates the object, or replaces the spec of the one of that name and sets the annotations the
   * object carries (keeping the others); answers true if created.
   */
  boolean put(Map<String, Object> object);

  Optional<Map<String, Object>> get(String kind, String namespace, String name);

  /** Answers false if there was none. */
  boolean delete(String kind, String namespace, String name);

  /** In a namespace, or in all of them when {@code namespace} is null. */
  List<Map<String, Object>> list(String kind, String namespace);
}
