package dev.podidentity.local.kube;

import dev.podidentity.local.port.Cluster;
import dev.podidentity.local.port.PodSeen;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The fabric8 adapter of {@link Cluster}: the mock API server or a real cluster. */
public final class KubernetesCluster implements Cluster {
  private final KubernetesClient client;
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();

  private KubernetesCluster(KubernetesClient client) {
    this.client = client;
  }

  /** The simulated cluster's API at {@code url}; never falls back to a developer's kubeconfig. */
  public static KubernetesCluster at(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withTrustCerts(true)
            .withHttp2Disable(true)
            .withNamespace("default")
            .withConnectionTimeout(10_000)
            .withRequestTimeout(30_000)
            .build();
    return new KubernetesCluster(new KubernetesClientBuilder().withConfig(config).build());
  }

  /** A real cluster from a kubeconfig file. */
  public static KubernetesCluster fromKubeconfig(Path kubeconfig) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setRequestTimeout(30_000);
      config.setConnectionTimeout(10_000);
      return new KubernetesCluster(new KubernetesClientBuilder().withConfig(config).build());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void createNode(String name, String providerId, String pool) {
    client
        .nodes()
        .resource(ClusterObjects.node(name, providerId, pool))
        .createOr(existing -> existing.update());
  }

  @Override
  public void putIdentity(
      String namespace, String name, int type, String resourceId, String clientId) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", type);
    spec.put("resourceID", resourceId);
    spec.put("clientID", clientId);
    putIdentity(namespace, name, Map.of(), spec);
  }

  @Override
  public void putIdentity(
      String namespace, String name, Map<String, String> annotations, Map<String, Object> spec) {
    put(Crds.IDENTITIES, namespace, name, annotations, spec);
  }

  @Override
  public void deleteIdentity(String namespace, String name) {
    client
        .genericKubernetesResources(Crds.IDENTITIES)
        .inNamespace(namespace)
        .withName(name)
        .delete();
  }

  @Override
  public void putBinding(
      String namespace,
      String name,
      String identityName,
      String selector,
      Map<String, String> annotations) {
    put(
        Crds.BINDINGS,
        namespace,
        name,
        annotations,
        Map.of("azureIdentity", identityName, "selector", selector));
  }

  @Override
  public void deleteBinding(String namespace, String name) {
    client.genericKubernetesResources(Crds.BINDINGS).inNamespace(namespace).withName(name).delete();
  }

  @Override
  public void putException(String namespace, String name, Map<String, String> podLabels) {
    put(Crds.EXCEPTIONS, namespace, name, Map.of(), Map.of("podLabels", podLabels));
  }

  private void put(
      ResourceDefinitionContext context,
      String namespace,
      String name,
      Map<String, String> annotations,
      Map<String, Object> spec) {
    ensureNamespace(namespace);
    GenericKubernetesResource resource =
        ClusterObjects.custom(context, namespace, name, annotations, spec);
    var existing =
        client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
    if (existing == null) {
      client.genericKubernetesResources(context).inNamespace(namespace).resource(resource).create();
    } else {
      resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.genericKubernetesResources(context).inNamespace(namespace).resource(resource).update();
    }
  }

  @Override
  public String createPod(
      String namespace,
      String name,
      Map<String, String> labels,
      boolean hostNetwork,
      String serviceAccount) {
    ensureNamespace(namespace);
    ensureServiceAccount(namespace, serviceAccount);
    Pod pod = ClusterObjects.pod(namespace, name, labels, hostNetwork, serviceAccount);
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    return created.getMetadata().getUid();
  }

  @Override
  public void bindPod(String namespace, String name, String nodeName) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(p -> new PodBuilder(p).editSpec().withNodeName(nodeName).endSpec().build());
  }

  @Override
  public void setPodStatus(String namespace, String name, String podIp, String phase) {
    Pod current = client.pods().inNamespace(namespace).withName(name).get();
    if (current == null) {
      throw new IllegalStateException("pod " + namespace + "/" + name + " does not exist");
    }
    Pod withStatus = ClusterObjects.withStatus(current, podIp, phase);
    try {
      client.pods().inNamespace(namespace).resource(withStatus).updateStatus();
    } catch (KubernetesClientException e) {
      // The mock API keeps status on a plain update; a real API needs the status subresource.
      client.pods().inNamespace(namespace).resource(withStatus).update();
    }
  }

  @Override
  public AutoCloseable watchPods(Consumer<PodSeen> seen, Consumer<PodSeen> gone) {
    return PodWatch.start(client, seen, gone);
  }

  @Override
  public void labelPod(String namespace, String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            p ->
                new PodBuilder(p)
                    .editMetadata()
                    .withLabels(new HashMap<>(labels))
                    .endMetadata()
                    .build());
  }

  @Override
  public void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
  }

  @Override
  public List<String> assignedIdentities(String namespace) {
    return client
        .genericKubernetesResources(Crds.ASSIGNED)
        .inNamespace(namespace)
        .list()
        .getItems()
        .stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  @Override
  public Optional<String> podIp(String namespace, String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(pod).map(Pod::getStatus).map(s -> s.getPodIP());
  }

  private void ensureNamespace(String namespace) {
    if (namespaces.add(namespace) && client.namespaces().withName(namespace).get() == null) {
      client.namespaces().resource(ClusterObjects.namespace(namespace)).create();
    }
  }

  private void ensureServiceAccount(String namespace, String name) {
    if (client.serviceAccounts().inNamespace(namespace).withName(name).get() == null) {
      try {
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .resource(ClusterObjects.serviceAccount(namespace, name))
            .create();
      } catch (KubernetesClientException raced) {
        // Created meanwhile by another pod of the same account: what was wanted.
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
