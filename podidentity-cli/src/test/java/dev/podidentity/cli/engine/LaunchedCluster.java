package dev.podidentity.cli.engine;

import dev.podidentity.testsupport.quarkus.KubernetesTestServerResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * The Kubernetes test server the command talks to, for the tests to seed and read back with a
 * client of their own. Reached through its URL property: the application and its launches run in
 * other class loaders, where the server object of this one is not visible.
 */
final class LaunchedCluster {
  private static final Map<String, String> PLURALS =
      Map.of(
          "AzureIdentity", "azureidentities",
          "AzureIdentityBinding", "azureidentitybindings",
          "AzurePodIdentityException", "azurepodidentityexceptions");

  private LaunchedCluster() {}

  /** A new client of the test server, started here if the application has not started it yet. */
  static KubernetesClient client() {
    new KubernetesTestServerResource().start();
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(System.getProperty(KubernetesTestServerResource.URL_PROPERTY))
                .build())
        .build();
  }

  /** An aad-pod-identity kind ({@code aadpodidentity.k8s.io/v1}, namespaced). */
  static ResourceDefinitionContext aad(String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("aadpodidentity.k8s.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(PLURALS.get(kind))
        .withNamespaced(true)
        .build();
  }

  /** The aad object as the cluster holds it, or null. */
  static GenericKubernetesResource get(String kind, String namespace, String name) {
    try (KubernetesClient client = client()) {
      return client
          .genericKubernetesResources(aad(kind))
          .inNamespace(namespace)
          .withName(name)
          .get();
    }
  }

  /** Creates an aad object given as the maps users write in YAML. */
  static void create(Map<String, Object> object) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class);
    try (KubernetesClient client = client()) {
      client
          .genericKubernetesResources(aad(resource.getKind()))
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(resource)
          .create();
    }
  }
}
