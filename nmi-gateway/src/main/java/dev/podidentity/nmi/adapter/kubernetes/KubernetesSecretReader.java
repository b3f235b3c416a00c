package dev.podidentity.nmi.adapter.kubernetes;

import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.SecretReader;
import dev.podidentity.nmi.port.UpstreamException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link SecretReader} over fabric8: one {@code GET} of the Secret on a worker thread (fabric8's
 * call blocks). The client's own request timeout bounds it. Only {@code get} on Secrets is needed.
 */
public final class KubernetesSecretReader implements SecretReader {
  private final Vertx vertx;
  private final KubernetesClient client;
  private final NmiMetrics metrics;

  public KubernetesSecretReader(Vertx vertx, KubernetesClient client, NmiMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public Uni<Map<String, byte[]>> read(String namespace, String name) {
    return Uni.createFrom()
        .completionStage(
            () -> vertx.executeBlocking(() -> get(namespace, name), false).toCompletionStage());
  }

  private Map<String, byte[]> get(String namespace, String name) {
    String ref = namespace + "/" + name;
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 401) {
        metrics.secretRead("forbidden");
        metrics.aad().secretReadFailed();
        throw new UpstreamException(
            403, false, "the NMI may not read Secret " + ref + " (RBAC: get secrets)", null);
      }
      metrics.secretRead("error");
      metrics.aad().secretReadFailed();
      throw new UpstreamException(
          503,
          true,
          "cannot read Secret " + ref + ": Kubernetes API answered " + e.getCode(),
          null);
    }
    if (secret == null) {
      metrics.secretRead("not_found");
      metrics.aad().secretReadFailed();
      throw new UpstreamException(403, false, "Secret " + ref + " not found", null);
    }
    metrics.secretRead("ok");
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      Base64.Decoder b64 = Base64.getMimeDecoder();
      secret.getData().forEach((k, v) -> data.put(k, v == null ? new byte[0] : b64.decode(v)));
    }
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach(
              (k, v) ->
                  data.putIfAbsent(
                      k,
                      v == null
                          ? new byte[0]
                          : v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return data;
  }
}
