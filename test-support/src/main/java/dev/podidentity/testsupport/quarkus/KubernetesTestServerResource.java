package dev.podidentity.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes test server (fabric8's mock API server in CRUD mode, on 127.0.0.1) for every
 * {@code @QuarkusTest} and {@code @QuarkusMainTest} of a module. Quarkus's own
 * {@code @WithKubernetesTestServer} is restricted to the annotated class, which restarts the
 * application (and the broker with it) for each test class; declared GLOBAL, this one lets all test
 * classes share one application start.
 */
public class KubernetesTestServerResource implements QuarkusTestResourceLifecycleManager {
  /**
   * The server's URL, set when it starts: a {@code @QuarkusMainTest} loads this class twice (test
   * and application class loaders), and only JVM-wide properties reach both. Named outside every
   * application's configuration prefix: a {@code @ConfigMapping} refuses unknown keys under its own
   * (the command's is {@code podidentity}).
   */
  public static final String URL_PROPERTY = "testsupport.kubernetes-url";

  private static KubernetesServer server;

  /** The shared server, started on first use; tests read and write through its client. */
  public static synchronized KubernetesServer server() {
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
    // A @QuarkusMainTest starts resources again in a new class loader for every launch: reuse the
    // server the first one started, so that every launch of a test sees the same cluster.
    String url = System.getProperty(URL_PROPERTY);
    if (url == null) {
      url = server().getClient().getConfiguration().getMasterUrl();
      System.setProperty(URL_PROPERTY, url);
    }
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
