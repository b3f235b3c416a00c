package dev.podidentity.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.RepoRoot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store that finds objects by name answers every request as fabric8's own store does: the same
 * random sequence of creates, label changes, replaces, deletes and finalizers is sent to both, and
 * every answer, and every object by name after each step, must be the same.
 */
class NamedStoreTest {
  private static final List<String> NAMESPACES = List.of("team-a", "team-b");
  private static final List<String> NAMES = List.of("web", "api", "web-2", "db");
  private static final String AAD = "aadpodidentity.k8s.io/v1";
  private static final List<Kind> KINDS =
      List.of(
          new Kind(c -> c.pods(), () -> new PodBuilder().withNewMetadata().endMetadata().build()),
          new Kind(
              c -> c.serviceAccounts(),
              () -> new ServiceAccountBuilder().withNewMetadata().endMetadata().build()),
          new Kind(
              c -> c.genericKubernetesResources(AAD, "AzureIdentity"),
              () ->
                  new GenericKubernetesResourceBuilder()
                      .withApiVersion(AAD)
                      .withKind("AzureIdentity")
                      .withNewMetadata()
                      .endMetadata()
                      .build()));

  private static final List<Store> stores = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    var crds = MockApiServer.crds(RepoRoot.find().orElseThrow().resolve("k8s/crds"));
    for (KubernetesCrudDispatcher dispatcher :
        List.of(new KubernetesCrudDispatcher(), new NamedStore())) {
      KubernetesMockServer server =
          new KubernetesMockServer(
              new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
      server.init(InetAddress.getByName("127.0.0.1"), 0);
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + server.getPort()).build())
              .build();
      crds.forEach(
          crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
      stores.add(new Store(dispatcher, server, client));
    }
  }

  @AfterAll
  static void stop() {
    stores.forEach(Store::close);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void answersAsTheStoreItIndexes(long seed) {
    Random random = new Random(seed);
    for (int step = 0; step < 150; step++) {
      Kind kind = KINDS.get(random.nextInt(KINDS.size()));
      String ns = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
      String name = NAMES.get(random.nextInt(NAMES.size()));
      String label = "v" + random.nextInt(3);
      int op = random.nextInt(6);
      List<String> answers = new ArrayList<>();
      for (Store store : stores) {
        answers.add(store.apply(op, kind, ns, name, label));
      }
      assertThat(answers.get(1))
          .as("step %d: op %d on %s/%s", step, op, ns, name)
          .isEqualTo(answers.get(0));
      assertThat(stores.get(1).everything())
          .as("after step %d", step)
          .isEqualTo(stores.get(0).everything());
    }
    stores.forEach(Store::clear);
    assertThat(((NamedStore) stores.get(1).dispatcher()).indexed())
        .as("every object was kept under the attributes the index computed")
        .isTrue();
  }

  /** A kind of object: how a client reaches it, and a new one without name or labels. */
  private record Kind(
      Function<KubernetesClient, MixedOperation<?, ?, ?>> of, Supplier<HasMetadata> blank) {}

  private record Store(
      KubernetesCrudDispatcher dispatcher, KubernetesMockServer server, KubernetesClient client) {
    /** One operation; what it answered, without the fields a store makes up (uid, times). */
    String apply(int op, Kind kind, String ns, String name, String label) {
      var resource = one(kind, ns, name);
      try {
        return switch (op) {
          case 0 -> shape(resource.create(object(kind, ns, name, label)));
          case 1 -> shape(resource.edit(o -> labelled(o, label)));
          case 2 -> replace(resource.get(), label);
          case 3 -> String.valueOf(resource.delete().size());
          case 4 -> shape(resource.edit(o -> finalized(o, label)));
          default -> shape(resource.get());
        };
      } catch (KubernetesClientException e) {
        return "refused " + e.getCode();
      }
    }

    /** A replace (PUT) of the object as read, relabelled; nothing to replace when it is absent. */
    private String replace(HasMetadata current, String label) {
      return current == null ? "absent" : shape(client.resource(labelled(current, label)).update());
    }

    /** Every object the store holds, found by name one by one, in a stable order. */
    String everything() {
      StringBuilder all = new StringBuilder();
      for (Kind kind : KINDS) {
        for (String ns : NAMESPACES) {
          for (String name : NAMES) {
            all.append(shape(one(kind, ns, name).get())).append('\n');
          }
        }
      }
      return all.toString();
    }

    void clear() {
      for (Kind kind : KINDS) {
        for (String ns : NAMESPACES) {
          for (String name : NAMES) {
            Resource<HasMetadata> r = one(kind, ns, name);
            if (r.get() != null) {
              r.edit(o -> finalized(o, "v0"));
              r.delete();
            }
          }
        }
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Resource<HasMetadata> one(Kind kind, String ns, String name) {
      return (Resource) kind.of().apply(client).inNamespace(ns).withName(name);
    }

    void close() {
      client.close();
      server.destroy();
    }
  }

  private static HasMetadata object(Kind kind, String ns, String name, String label) {
    HasMetadata o = kind.blank().get();
    o.getMetadata().setName(name);
    o.getMetadata().setNamespace(ns);
    return labelled(o, label);
  }

  private static HasMetadata labelled(HasMetadata o, String label) {
    o.getMetadata().setLabels(new HashMap<>(Map.of("version", label)));
    return o;
  }

  private static HasMetadata finalized(HasMetadata o, String label) {
    o.getMetadata().setFinalizers("v0".equals(label) ? List.of() : List.of("test/hold"));
    return o;
  }

  /** An object as both stores must agree on it: kind, namespace, name, labels, finalizers. */
  private static String shape(HasMetadata o) {
    if (o == null) {
      return "none";
    }
    var m = o.getMetadata();
    return o.getKind()
        + " "
        + m.getNamespace()
        + "/"
        + m.getName()
        + " "
        + m.getLabels()
        + " "
        + m.getFinalizers()
        + (m.getDeletionTimestamp() != null ? " deleting" : "");
  }
}
