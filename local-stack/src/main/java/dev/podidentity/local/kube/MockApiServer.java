package dev.podidentity.local.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The simulated cluster's Kubernetes API as its own process: fabric8's mock server in CRUD mode on
 * 127.0.0.1, plain HTTP. It serves the custom resources without their CRDs (CRUD mode stores any
 * kind), lists, watches and label selectors; not the {@code spec.nodeName} field selector, and a
 * watch from a resourceVersion replays everything (see the team's STACK.md). Usage: {@code
 * MockApiServer <port>}; prints {@code kubernetes-api http://127.0.0.1:<port>} once it listens.
 */
public final class MockApiServer {
  private MockApiServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), port);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.destroy();
                  stop.countDown();
                }));
    System.out.println("kubernetes-api http://127.0.0.1:" + server.getPort());
    System.out.flush();
    stop.await();
  }
}
