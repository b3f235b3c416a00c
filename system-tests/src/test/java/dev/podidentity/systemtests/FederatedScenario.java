package dev.podidentity.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.pod.PodHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * What federated scenarios share: a namespace whose AzureIdentity {@code id} is federated and bound
 * to selector = namespace, pods of a given service account, and what the answers and the simulator
 * say about them.
 */
abstract class FederatedScenario extends Scenario {
  static final String APP = "app";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A namespace and the user-assigned identity its federated AzureIdentity names. */
  record Federated(String namespace, SimIdentity identity) {}

  /** A federated identity bound in a new namespace; Entra trusts {@code trusted} accounts of it. */
  Federated federatedIdentity(String prefix, String... trusted) {
    String ns = unique(prefix);
    SimIdentity mi = identity(prefix);
    for (String account : trusted) {
      stack().federated().trust(mi, ns, account);
    }
    stack().federated().add(ns, "id", mi, ns);
    return new Federated(ns, mi);
  }

  PodRef pod(Federated f, String serviceAccount, SimNode node) {
    return stack()
        .pods()
        .start(
            f.namespace(),
            unique("pod"),
            Map.of("aadpodidbinding", f.namespace()),
            node,
            serviceAccount);
  }

  /**
   * Waits until the pod's request is refused by Entra: a 403 saying so. Earlier 403s (the binding
   * not in the NMI's view yet) are the stack converging, not the refusal under test.
   */
  PodHttp.Response awaitEntraRefusal(PodRef pod) {
    PodHttp.Response[] last = new PodHttp.Response[1];
    await("Entra's refusal for " + pod.name())
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = token(pod, null);
              return last[0].status() == 403
                  && last[0].body().contains("Entra refused the federated identity");
            });
    return last[0];
  }

  static JsonNode json(PodHttp.Response r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(r.body(), e);
    }
  }

  /** The claims of the answer's access token. */
  static JsonNode claims(PodHttp.Response r) {
    String jwt = json(r).path("access_token").asText();
    try {
      return JSON.readTree(
          new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long entra(String event) {
    return stack().simulator().entraCount("federated", event);
  }

  /** Updates (PATCH/PUT) the simulator ran that added or removed {@code identity}. */
  long armUpdatesNaming(SimIdentity identity) {
    String id = identity.id().toLowerCase(Locale.ROOT);
    return stack().simulator().operations().stream()
        .filter(op -> String.valueOf(op).toLowerCase(Locale.ROOT).contains(id))
        .count();
  }
}
