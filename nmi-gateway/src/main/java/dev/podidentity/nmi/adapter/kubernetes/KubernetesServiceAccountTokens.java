package dev.podidentity.nmi.adapter.kubernetes;

import dev.podidentity.events.PodRecord;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.ServiceAccountTokens;
import dev.podidentity.nmi.port.UpstreamException;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * {@link ServiceAccountTokens} over fabric8: one {@code POST .../serviceaccounts/<sa>/token} on a
 * worker thread (fabric8's call blocks), bound to the pod by name and uid so that the token dies
 * with the pod and cannot be minted for a pod that was replaced. Needs only {@code create} on
 * {@code serviceaccounts/token}.
 */
public final class KubernetesServiceAccountTokens implements ServiceAccountTokens {
  private final Vertx vertx;
  private final KubernetesClient client;
  private final NmiMetrics metrics;

  public KubernetesServiceAccountTokens(Vertx vertx, KubernetesClient client, NmiMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.metrics = metrics;
  }

  @Override
  public Uni<String> token(PodRecord pod, String audience, long expirationSeconds) {
    return Uni.createFrom()
        .completionStage(
            () ->
                vertx
                    .executeBlocking(() -> request(pod, audience, expirationSeconds), false)
                    .toCompletionStage());
  }

  private String request(PodRecord pod, String audience, long expirationSeconds) {
    String account = pod.namespace() + "/" + pod.serviceAccount();
    TokenRequest answer;
    long started = System.nanoTime();
    try {
      answer =
          client
              .serviceAccounts()
              .inNamespace(pod.namespace())
              .withName(pod.serviceAccount())
              .tokenRequest(boundTo(pod, audience, expirationSeconds));
    } catch (KubernetesClientException e) {
      UpstreamException refused = refusal(e, account, pod);
      metrics.tokenRequest(
          refused.retriable() ? "error" : "refused", (System.nanoTime() - started) / 1e6);
      throw refused;
    }
    metrics.tokenRequest("ok", (System.nanoTime() - started) / 1e6);
    if (answer == null
        || answer.getStatus() == null
        || answer.getStatus().getToken() == null
        || answer.getStatus().getToken().isEmpty()) {
      throw new UpstreamException(
          503, true, "the Kubernetes API gave no token for service account " + account, null);
    }
    return answer.getStatus().getToken();
  }

  static TokenRequest boundTo(PodRecord pod, String audience, long expirationSeconds) {
    return boundTo(pod.name(), pod.uid(), audience, expirationSeconds);
  }

  /** The TokenRequest this NMI sends for the pod {@code name} with {@code uid}. */
  public static TokenRequest boundTo(
      String name, String uid, String audience, long expirationSeconds) {
    return new TokenRequestBuilder()
        .withNewSpec()
        .withAudiences(audience)
        .withExpirationSeconds(expirationSeconds)
        .withNewBoundObjectRef()
        .withApiVersion("v1")
        .withKind("Pod")
        .withName(name)
        .withUid(uid)
        .endBoundObjectRef()
        .endSpec()
        .build();
  }

  /** Refusals retrying cannot fix are 403s saying why; the API failing is retriable. */
  static UpstreamException refusal(KubernetesClientException e, String account, PodRecord pod) {
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return new UpstreamException(
          403,
          false,
          "the NMI may not create tokens for service account "
              + account
              + " (RBAC: create serviceaccounts/token)",
          null);
    }
    if (code == 404 || code == 400 || code == 409 || code == 422) {
      return new UpstreamException(
          403,
          false,
          "the Kubernetes API refused a token of service account "
              + account
              + " for pod "
              + pod.namespace()
              + "/"
              + pod.name()
              + " (answered "
              + code
              + "): "
              + reason(e),
          null);
    }
    return new UpstreamException(
        503,
        true,
        "cannot get a token of service account " + account + ": Kubernetes API answered " + code,
        null);
  }

  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
