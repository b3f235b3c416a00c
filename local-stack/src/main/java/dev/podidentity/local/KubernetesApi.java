package dev.podidentity.local;

import dev.podidentity.local.kube.KubernetesCluster;
import dev.podidentity.local.kube.MockApiServer;
import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness;
import dev.podidentity.local.process.Readiness.StartFailure;
import dev.podidentity.local.process.ServiceProcess;
import dev.podidentity.testsupport.net.LoopbackPorts;
import dev.podidentity.testsupport.net.PlainHttp;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The stack's Kubernetes API: the mock API process, which is also the cluster's service-account
 * issuer, or a cluster from a kubeconfig.
 *
 * @param serviceAccountIssuer the {@code iss} of service-account tokens: the mock API's issuer, or
 *     what a real cluster advertises at {@code /.well-known/openid-configuration} (null if it does
 *     not say)
 * @param issuerTrustPem the mock API issuer's certificate, which the simulator must trust to fetch
 *     its keys; null with a kubeconfig
 * @param storeUrl the mock API's store; null with a kubeconfig
 * @param controlUrl stops and starts the mock API's front; null with a kubeconfig
 */
record KubernetesApi(
    String url,
    KubernetesCluster cluster,
    String serviceAccountIssuer,
    Path issuerTrustPem,
    String storeUrl,
    String controlUrl) {

  static KubernetesApi start(StackOptions options, Processes processes, Duration readyTimeout)
      throws IOException, StartFailure {
    if (options.kubeconfig().isPresent()) {
      KubernetesCluster cluster = KubernetesCluster.fromKubeconfig(options.kubeconfig().get());
      return new KubernetesApi(
          cluster.client().getConfiguration().getMasterUrl(),
          cluster,
          advertisedIssuer(cluster),
          null,
          null,
          null);
    }
    int port = LoopbackPorts.free();
    ServiceProcess api =
        processes.launch(
            "kubernetes-api",
            Processes.javaCommand(
                MockApiServer.class.getName(),
                port,
                options.repoRoot().resolve("k8s/crds"),
                options.runDir().resolve("kubernetes-api")),
            Map.of());
    Readiness.awaitLog(api, "kubernetes-api http://", readyTimeout);
    // The API prints the issuer before its own URL: the line is there once the API is up.
    String rest = printed(api, MockApiServer.ISSUER_LINE);
    int trust = rest.indexOf(" trust ");
    String url = "http://127.0.0.1:" + port;
    return new KubernetesApi(
        url,
        KubernetesCluster.at(url),
        rest.substring(0, trust),
        Path.of(rest.substring(trust + " trust ".length())),
        printed(api, MockApiServer.STORE_LINE),
        printed(api, MockApiServer.CONTROL_LINE));
  }

  /** What the API process printed after {@code prefix}, in its latest start. */
  private static String printed(ServiceProcess api, String prefix)
      throws IOException, StartFailure {
    return Files.readAllLines(api.log(), StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith(prefix))
        .reduce((first, last) -> last) // a restarted process appends to its log
        .map(l -> l.substring(prefix.length()))
        .orElseThrow(() -> new StartFailure(api, "kubernetes-api printed no " + prefix.trim()));
  }

  /**
   * Stops the mock API's front (no listener, every connection and watch dropped) or starts it again
   * on its port; the store keeps its data meanwhile, as etcd does while kube-apiserver restarts.
   */
  void front(boolean up) {
    if (controlUrl == null) {
      throw new IllegalStateException("the API is a real cluster's: it cannot be restarted here");
    }
    try {
      HttpResponse<String> r =
          PlainHttp.client(Duration.ofSeconds(5))
              .send(
                  HttpRequest.newBuilder(URI.create(controlUrl + (up ? "/start" : "/stop")))
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "the API's control answered " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The issuer a real cluster names in its discovery document, if it serves one to us. */
  private static String advertisedIssuer(KubernetesCluster cluster) {
    try {
      String doc = cluster.client().raw("/.well-known/openid-configuration");
      return doc == null ? null : (String) Serialization.unmarshal(doc, Map.class).get("issuer");
    } catch (RuntimeException e) {
      return null; // not served, or not to this user: the stack runs without it
    }
  }
}
