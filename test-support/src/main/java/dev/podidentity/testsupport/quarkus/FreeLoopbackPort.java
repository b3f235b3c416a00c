package dev.podidentity.testsupport.quarkus;

import dev.podidentity.testsupport.net.LoopbackPorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
    String port = Integer.toString(LoopbackPorts.any());
    return Map.of(key, port, "%test." + key, port);
  }

  @Override
  public void stop() {}
}
