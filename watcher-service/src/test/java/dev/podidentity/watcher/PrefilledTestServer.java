package dev.podidentity.watcher;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubernetes test server (fabric8's mock API server in CRUD mode, on 127.0.0.1) with its store
 * filled in process. Creating through HTTP costs a scan of the whole store per object (the mock's
 * duplicate check), so 165,000 creates would take hours; {@link #put} stores an object the way the
 * mock's own POST handler does (same key attributes, metadata and resourceVersion, watchers
 * notified), minus that scan. Lists and watches then go through HTTP as for any client, so the
 * watcher's informers list and watch for real.
 */
final class PrefilledTestServer implements AutoCloseable {
  private final KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of());
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  private final String created = Instant.now().toString();
  private final Map<String, AttributeSet> keys = new HashMap<>();

  PrefilledTestServer() {
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  /**
   * A client whose requests may take minutes: the test server composes a list as one string on its
   * one event loop, about 15 s for 150,000 pods on a loaded machine, beyond the 10 s default. A
   * real API server answers a list at {@code resourceVersion=0} from its watch cache. {@code
   * timings} learns when the server answered each list.
   */
  KubernetesClient client(ListTimings timings) {
    try (KubernetesClient base = server.createClient()) {
      return new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder(base.getConfiguration()).withRequestTimeout(300_000).build())
          .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("list-timings", timings))
          .build();
    }
  }

  /**
   * Stores (creates or replaces) an object at its collection's path, e.g. {@code
   * /api/v1/namespaces/bench/pods}, and notifies the watches open on it. One thread at a time;
   * while the server answers lists, only between them (the mock's own lock is private).
   */
  synchronized void put(String collection, HasMetadata object) {
    var meta = object.getMetadata();
    if (meta.getUid() == null) {
      meta.setUid(UUID.randomUUID().toString());
    }
    meta.setCreationTimestamp(created);
    meta.setGeneration(1L);
    meta.setResourceVersion(Long.toString(dispatcher.requestResourceVersion()));
    String json = Serialization.asJson(object);
    GenericKubernetesResource generic =
        Serialization.unmarshal(json, GenericKubernetesResource.class);
    AttributeSet path = dispatcher.getKey(collection);
    // The store's key is the path's attributes merged with the object's (name, labels, ...), as
    // the POST handler leaves it; a replacement must remove the entry under its old key.
    AttributeSet key =
        AttributeSet.merge(
            path,
            ((KubernetesAttributesExtractor) dispatcher.getAttributeExtractor()).extract(generic));
    AttributeSet previous = keys.put(collection + "/" + meta.getName(), key);
    dispatcher.processEvent(
        collection,
        path,
        previous == null ? path.add(new Attribute("name", meta.getName())) : previous,
        generic,
        json);
  }

  int size() {
    return dispatcher.getMap().size();
  }

  @Override
  public void close() {
    server.destroy();
  }
}
