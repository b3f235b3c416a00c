package dev.podidentity.local.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The simulated cluster's Kubernetes API as its own process: fabric8's mock server in CRUD mode as
 * the store, holding the project's CRDs, behind {@link ApiFront}, which answers kubectl (discovery,
 * HTTP watches). Both listen on 127.0.0.1, plain HTTP. The store serves lists, watches, label
 * selectors and status subresources of CRDs that declare one; not the {@code spec.nodeName} field
 * selector (see the team's STACK.md). Usage: {@code MockApiServer <port> [<crd directory>]}; prints
 * {@code kubernetes-api http://127.0.0.1:<port>} once both listen.
 */
public final class MockApiServer {
  private MockApiServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    List<CustomResourceDefinition> crds = args.length > 1 ? crds(Path.of(args[1])) : List.of();
    Running api = start(port, crds);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  stop.countDown();
                }));
    System.out.println("kubernetes-store " + api.storeUrl());
    System.out.println("kubernetes-api " + api.url());
    System.out.flush();
    stop.await();
  }

  /** The API in this JVM: the store with these CRDs, and the front on {@code port} (0: any). */
  public static Running start(int port, List<CustomResourceDefinition> crds) throws Exception {
    KubernetesMockServer store =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    store.init(loopback, 0);
    String storeUrl = "http://127.0.0.1:" + store.getPort();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(storeUrl).build())
            .build()) {
      for (CustomResourceDefinition crd : crds) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    Vertx vertx = Vertx.vertx();
    ApiFront front =
        new ApiFront(vertx, new Discovery(crds), loopback.getHostAddress(), store.getPort());
    int bound =
        front.listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new Running(
        "http://127.0.0.1:" + bound,
        storeUrl,
        () -> {
          front.close();
          vertx.close();
          store.destroy();
        });
  }

  /** A started API; {@link #close()} stops the front and the store. */
  public record Running(String url, String storeUrl, Runnable stop) implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }

  /** Every CRD in the directory (the project's {@code k8s/crds}). */
  static List<CustomResourceDefinition> crds(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .map(MockApiServer::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try {
      return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
