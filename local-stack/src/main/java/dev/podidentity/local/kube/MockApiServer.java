package dev.podidentity.local.kube;

import dev.podidentity.azuresim.OidcIssuer;
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
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The simulated cluster's Kubernetes API as its own process: fabric8's mock server in CRUD mode as
 * the store (reads of one object found by name, {@link NamedStore}), holding the project's CRDs,
 * behind {@link ApiFront}, which answers kubectl (discovery, HTTP watches). Both listen on
 * 127.0.0.1, plain HTTP. The store serves lists, watches, label selectors and status subresources
 * of CRDs that declare one; not the {@code spec.nodeName} field selector (see the team's STACK.md).
 *
 * <p>It is also the cluster's service-account issuer, as kube-apiserver is: an {@link OidcIssuer}
 * over HTTPS on loopback (Entra fetches only https issuers' keys), whose key signs the tokens of
 * the TokenRequest API; its certificate goes to {@code <issuer trust directory>/oidc-issuer/}, or
 * to a temporary directory.
 *
 * <p>Usage: {@code MockApiServer <port> [<crd directory> [<issuer trust directory>]]}; prints
 * {@code kubernetes-store <url>}, {@code kubernetes-api-control <url>}, {@code
 * service-account-issuer <url> trust <pem>}, then {@code kubernetes-api http://127.0.0.1:<port>}
 * once everything listens.
 */
public final class MockApiServer {
  private MockApiServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    List<CustomResourceDefinition> crds = args.length > 1 ? crds(Path.of(args[1])) : List.of();
    Running api = start(port, crds, args.length > 2 ? Path.of(args[2]) : null);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  stop.countDown();
                }));
    System.out.println(STORE_LINE + api.storeUrl());
    System.out.println(CONTROL_LINE + api.controlUrl());
    System.out.println(
        ISSUER_LINE + api.serviceAccountIssuer() + " trust " + api.serviceAccountIssuerTrustPem());
    System.out.println("kubernetes-api " + api.url());
    System.out.flush();
    stop.await();
  }

  /** What {@link #main} prints before the store's URL. */
  public static final String STORE_LINE = "kubernetes-store ";

  /**
   * What {@link #main} prints before the URL of the front's stop and start ({@link ApiControl}).
   */
  public static final String CONTROL_LINE = "kubernetes-api-control ";

  /** What {@link #main} prints before the issuer's URL and trust file. */
  public static final String ISSUER_LINE = "service-account-issuer ";

  /** The API in this JVM: the store with these CRDs, and the front on {@code port} (0: any). */
  public static Running start(int port, List<CustomResourceDefinition> crds) throws Exception {
    return start(port, crds, null);
  }

  /** As above, the issuer's certificate in {@code issuerTrustDir} (null: a temporary directory). */
  public static Running start(int port, List<CustomResourceDefinition> crds, Path issuerTrustDir)
      throws Exception {
    KubernetesCrudDispatcher dispatcher = new NamedStore();
    KubernetesMockServer store =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    store.init(loopback, 0);
    String storeUrl = "http://127.0.0.1:" + store.getPort();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(storeUrl).build())
            .build();
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    OidcIssuer issuer = OidcIssuer.start("127.0.0.1", 0, true, issuerTrustDir);
    Vertx vertx = Vertx.vertx();
    ServiceAccountRoutes serviceAccounts =
        new ServiceAccountRoutes(
            vertx, new TokenRequests(client, issuer, Clock.systemUTC()), issuer);
    ApiFront front =
        new ApiFront(
            vertx,
            new Discovery(crds),
            serviceAccounts,
            loopback.getHostAddress(),
            store.getPort(),
            dispatcher::requestResourceVersion);
    int bound =
        front.listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    ApiControl control = new ApiControl(vertx, front, bound);
    int controlPort =
        control.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new Running(
        "http://127.0.0.1:" + bound,
        storeUrl,
        "http://127.0.0.1:" + controlPort,
        issuer.issuer(),
        issuer.trustPemPath(),
        () -> {
          control.close();
          front.close();
          vertx.close();
          issuer.close();
          client.close();
          store.destroy();
        });
  }

  /**
   * A started API; {@link #close()} stops the front, the issuer and the store.
   *
   * @param storeUrl the store itself: writes there reach the API's clients, down or up
   * @param controlUrl stops and starts the API's front ({@link ApiControl})
   * @param serviceAccountIssuer the {@code iss} of its service-account tokens (an https URL)
   * @param serviceAccountIssuerTrustPem the issuer's certificate, for clients of its documents
   */
  public record Running(
      String url,
      String storeUrl,
      String controlUrl,
      String serviceAccountIssuer,
      Path serviceAccountIssuerTrustPem,
      Runnable stop)
      implements AutoCloseable {
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
