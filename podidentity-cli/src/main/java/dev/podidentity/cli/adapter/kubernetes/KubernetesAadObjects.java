package dev.podidentity.cli.adapter.kubernetes;

import dev.podidentity.cli.port.AadObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AadObjects} through the application's fabric8 client (the kubeconfig's cluster). */
@ApplicationScoped
public class KubernetesAadObjects implements AadObjects {
  private static final Map<String, String> PLURALS =
      Map.of(
          "AzureIdentity", "azureidentities",
          "AzureIdentityBinding", "azureidentitybindings",
          "AzurePodIdentityException", "azurepodidentityexceptions");

  private final KubernetesClient client;

  KubernetesAadObjects(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean put(Map<String, Object> object) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class);
    var ops =
        client
            .genericKubernetesResources(context((String) object.get("kind")))
            .inNamespace(resource.getMetadata().getNamespace());
    GenericKubernetesResource existing = ops.withName(resource.getMetadata().getName()).get();
    if (existing == null) {
      ops.resource(resource).create();
      return true;
    }
    existing.setAdditionalProperty("spec", resource.getAdditionalProperties().get("spec"));
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (annotations != null && !annotations.isEmpty()) {
      // The command's annotations are set; the user's own (eager, Behavior, ...) are kept.
      Map<String, String> merged = new LinkedHashMap<>();
      if (existing.getMetadata().getAnnotations() != null) {
        merged.putAll(existing.getMetadata().getAnnotations());
      }
      merged.putAll(annotations);
      existing.getMetadata().setAnnotations(merged);
    }
    ops.resource(existing).update();
    return false;
  }

  @Override
  public Optional<Map<String, Object>> get(String kind, String namespace, String name) {
    return Optional.ofNullable(
            client
                .genericKubernetesResources(context(kind))
                .inNamespace(namespace)
                .withName(name)
                .get())
        .map(KubernetesAadObjects::asMap);
  }

  @Override
  public boolean delete(String kind, String namespace, String name) {
    return !client
        .genericKubernetesResources(context(kind))
        .inNamespace(namespace)
        .withName(name)
        .delete()
        .isEmpty();
  }

  @Override
  public List<Map<String, Object>> list(String kind, String namespace) {
    var ops = client.genericKubernetesResources(context(kind));
    var list = namespace == null ? ops.inAnyNamespace().list() : ops.inNamespace(namespace).list();
    return list.getItems().stream().map(KubernetesAadObjects::asMap).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(GenericKubernetesResource r) {
    return Serialization.unmarshal(Serialization.asJson(r), Map.class);
  }

  private static ResourceDefinitionContext context(String kind) {
    String plural = PLURALS.get(kind);
    if (plural == null) {
      throw new IllegalArgumentException("not an aad-pod-identity kind: " + kind);
    }
    return new ResourceDefinitionContext.Builder()
        .withGroup("aadpodidentity.k8s.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
