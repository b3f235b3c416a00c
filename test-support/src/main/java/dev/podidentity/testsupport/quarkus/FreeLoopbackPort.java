package dev.podidentity.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A free loopback port for the setting named by the resource argument {@code key}, so that a
 * listener with a well-known default port (aad-pod-identity's 8888 and 9090, say) never contends
 * with parallel builds: {@code @WithTestResource(value = FreeLoopbackPort.class, initArgs
 * = @ResourceArg(name = "key", value = "nmi.aad-metrics.port"))}.
 */
public class FreeLoopbackPort implements QuarkusTestResourceLifecycleManager {
  private String key;

  @Override
  public void init(Map<String, String> args) {
    key = args.get("key");
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("FreeLoopbackPort needs the resource argument 'key'");
    }
  }

  @Override
  public Map<String, String> start() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(s.getLocalPort());
      return Map.of(key, port, "%test." + key, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
