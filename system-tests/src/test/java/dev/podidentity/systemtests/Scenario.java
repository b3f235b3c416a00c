package dev.podidentity.systemtests;

import static org.awaitility.Awaitility.await;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.pod.PodHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every scenario uses: the shared stack, unique names, token requests from a pod's IP. */
@ExtendWith(SharedStack.class)
abstract class Scenario {
  static final String ARM = "https://management.azure.com/";
  static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final AtomicInteger SEQ = new AtomicInteger();

  LocalStack stack() {
    return SharedStack.stack();
  }

  /** A name no other scenario uses: namespaces, selectors, identities. */
  static String unique(String prefix) {
    return prefix
        + "-"
        + SEQ.incrementAndGet()
        + "-"
        + Long.toString(System.nanoTime() % 46656, 36);
  }

  SimNode node(int i) {
    return stack().node(i);
  }

  SimIdentity identity(String prefix) {
    return stack().createIdentity(unique(prefix));
  }

  PodRef pod(String ns, String selector, SimNode node) {
    return stack().startPod(ns, unique("pod"), Map.of("aadpodidbinding", selector), node);
  }

  /** A token request from the pod's IP to its node's NMI. */
  PodHttp.Response token(PodRef pod, String clientId) {
    String query =
        "resource="
            + URLEncoder.encode(ARM, StandardCharsets.UTF_8)
            + "&api-version=2018-02-01"
            + (clientId == null ? "" : "&client_id=" + clientId);
    return get(pod, "/metadata/identity/oauth2/token?" + query, Map.of("Metadata", "true"));
  }

  PodHttp.Response get(PodRef pod, String pathAndQuery, Map<String, String> headers) {
    try {
      return PodHttp.get(
          pod.ip(),
          "127.0.0.1",
          pod.node().nmiPort(),
          pathAndQuery,
          headers,
          Duration.ofSeconds(45));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean onScaleSet(SimIdentity identity) {
    return stack()
        .simulator()
        .identitiesOf(stack().scaleSetId())
        .contains(identity.id().toLowerCase(Locale.ROOT));
  }

  void awaitOnScaleSet(SimIdentity identity) {
    await("identity " + identity.name() + " on the scale set")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> onScaleSet(identity));
  }

  void awaitOffScaleSet(SimIdentity identity) {
    await("identity " + identity.name() + " off the scale set")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !onScaleSet(identity));
  }

  /** Waits until the pod's token request for {@code clientId} answers {@code status}. */
  PodHttp.Response awaitTokenStatus(PodRef pod, String clientId, int status) {
    PodHttp.Response[] last = new PodHttp.Response[1];
    await("token answer " + status + " for " + pod.name())
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              last[0] = token(pod, clientId);
              return last[0].status() == status;
            });
    return last[0];
  }
}
