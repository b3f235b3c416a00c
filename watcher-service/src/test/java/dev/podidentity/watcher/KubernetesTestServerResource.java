package dev.podidentity.watcher;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes test server (fabric8's mock API server in CRUD mode, on 127.0.0.1) for every
 * {@code @QuarkusTest} of the module. Quarkus's own {@code @WithKubernetesTestServer} is restricted
 * to the annotated class, which restarts the application (and the broker with it) for each test
 * class; declared GLOBAL, this one lets all test classes share one application start.
 */
public class KubernetesTestServerResource implements QuarkusTestResourceLifecycleManager {
  private static KubernetesServer server;

  static synchronized KubernetesServer server() {
    if (server == null) {
      server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
      server.before();
    }
    return server;
  }

  @Override
  public Map<String, String> start() {
    // The client must never fall back to a developer's kubeconfig or a service account.
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    System.setProperty("kubernetes.http2.disable", "true");
    String url = server().getClient().getConfiguration().getMasterUrl();
    return Map.of(
        "quarkus.kubernetes-client.api-server-url", url,
        "quarkus.kubernetes-client.trust-certs", "true",
        "quarkus.kubernetes-client.namespace", "test");
  }

  @Override
  public void stop() {
    // The server lives as long as the JVM, like the shared broker.
  }
}
