package dev.podidentity.nmi;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A free loopback port for aad-pod-identity's metrics listener ({@code nmi.aad-metrics.port}, off
 * in the test profile), so parallel builds never contend for aad's 9090.
 */
public class AadMetricsPort implements QuarkusTestResourceLifecycleManager {
  static final String KEY = "nmi.aad-metrics.port";

  @Override
  public Map<String, String> start() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(s.getLocalPort());
      return Map.of(KEY, port, "%test." + KEY, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
