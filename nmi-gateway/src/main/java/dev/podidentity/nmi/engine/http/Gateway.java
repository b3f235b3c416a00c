package dev.podidentity.nmi.engine.http;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.nmi.config.NmiConfig;
import dev.podidentity.nmi.engine.token.TokenCache;
import dev.podidentity.nmi.engine.view.ViewHolder;
import dev.podidentity.nmi.metrics.NmiMetrics;
import dev.podidentity.nmi.port.FirstGrants;
import dev.podidentity.nmi.port.ImdsProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** What request handling needs, gathered once per node. */
public record Gateway(
    Vertx vertx,
    NmiConfig settings,
    ViewHolder holder,
    TokenCache cache,
    ImdsProxy proxy,
    NmiMetrics metrics,
    RequestLog requestLog,
    HitSummary hits,
    FirstGrants grants) {

  /** The proxy's answer on the HTTP layer's terms. */
  Future<ImdsProxy.Answer> forward(String pathAndQuery, long deadlineMillis) {
    return Future.fromCompletionStage(
        proxy.forward(pathAndQuery, deadlineMillis).subscribeAsCompletionStage());
  }

  /**
   * aad-pod-identity's request metric for an answered token request: its endpoint, status, the
   * asking pod's namespace when the view knows it, and the resource.
   */
  void answeredToken(PodRecord hostTokenPod, TokenRequest token, int status, long nanos) {
    if (!metrics.aad().on()) {
      return;
    }
    PodRecord pod =
        hostTokenPod != null ? hostTokenPod : holder.current().podsByIp().get(token.sourceIp());
    metrics
        .aad()
        .request(
            hostTokenPod == null ? TokenServer.TOKEN_PATH : TokenServer.HOST_TOKEN_PATH,
            status,
            pod == null ? "" : pod.namespace(),
            token.resource(),
            nanos);
  }

  Policy policy() {
    return NmiConfig.policy(settings);
  }

  long unknownPodWaitMs() {
    return settings.waits().unknownPod().toMillis();
  }

  long assignmentWaitMs() {
    return settings.waits().assignment().toMillis();
  }

  long imdsBudgetMs() {
    return settings.imds().budget().toMillis();
  }

  long retryAfterSeconds() {
    return Math.max(1, settings.waits().retryAfter().toSeconds());
  }

  boolean unknownPodNotFound() {
    return settings.unknownPodNotFound();
  }
}
