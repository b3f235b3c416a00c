package dev.podidentity.nmi.engine.http;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.DenyReason;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.authorization.View;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One token request from decision to answer. Runs on the request's event loop; when the decision is
 * to wait, it subscribes to view changes and re-decides on each, with a timer for the bound: no
 * polling, and an answer the moment the view allows one.
 */
final class TokenFlow {
  /** Beyond this many waiting requests, new ones are answered at once instead of waiting. */
  static final int MAX_WAITERS = 20_000;

  private final Gateway gw;
  private final HttpServerRequest request;
  private final TokenRequest token;
  private final PodRecord hostTokenPod;
  private final long startedNanos = System.nanoTime();
  private final Context context;

  private String waitingFor;
  private long waitDeadline;
  private long timerId = -1;
  private AutoCloseable subscription;
  private boolean done;
  private boolean subscribedToClose;
  private String podName = "-";
  private String identityName = "-";

  TokenFlow(Gateway gw, HttpServerRequest request, TokenRequest token, PodRecord hostTokenPod) {
    this.gw = gw;
    this.request = request;
    this.token = token;
    this.hostTokenPod = hostTokenPod;
    this.context = Vertx.currentContext();
  }

  void start() {
    decide();
  }

  private void decide() {
    if (done) {
      return;
    }
    View view = gw.holder().current();
    long now = System.currentTimeMillis();
    Decision d =
        hostTokenPod == null
            ? Authorizer.decide(view, token, gw.policy(), now)
            : Authorizer.decideForPod(view, hostTokenPod, token, gw.policy());
    if (d.waits()) {
      waitOn(d instanceof Decision.WaitForPod ? "pod" : "assignment", d);
      return;
    }
    finishWait(d instanceof Decision.Stale ? "stale" : "resolved");
    act(d);
  }

  private void waitOn(String kind, Decision d) {
    long now = System.currentTimeMillis();
    if (!kind.equals(waitingFor)) {
      finishWait("changed");
      if (gw.holder().subscribers() >= MAX_WAITERS) {
        timedOut(kind, d);
        return;
      }
      if (!subscribedToClose) {
        // Only a waiting request cares that its client went away; an immediate answer does not.
        subscribedToClose = true;
        request.response().closeHandler(v -> finishWait("closed"));
      }
      waitingFor = kind;
      long bound = kind.equals("pod") ? gw.unknownPodWaitMs() : gw.assignmentWaitMs();
      waitDeadline = now + bound;
      subscription = gw.holder().subscribe(() -> context.runOnContext(v -> decide()));
      timerId = gw.vertx().setTimer(bound, t -> onTimer());
      // The view may have changed between deciding and subscribing.
      context.runOnContext(v -> decide());
    }
  }

  private void onTimer() {
    timerId = -1;
    if (done || waitingFor == null) {
      return;
    }
    View view = gw.holder().current();
    Decision d =
        hostTokenPod == null
            ? Authorizer.decide(view, token, gw.policy(), System.currentTimeMillis())
            : Authorizer.decideForPod(view, hostTokenPod, token, gw.policy());
    if (d.waits()) {
      timedOut(waitingFor, d);
    } else {
      decide();
    }
  }

  private void timedOut(String kind, Decision d) {
    finishWait("timeout");
    if (kind.equals("pod")) {
      deny(DenyReason.UNKNOWN_POD, "no pod on this node has the source IP " + token.sourceIp());
    } else {
      Decision.WaitForAssignment w = (Decision.WaitForAssignment) d;
      podName = name(w.pod());
      identityName = w.identity();
      unavailable(
          "assignment_timeout",
          "identity " + w.identity() + " is not assigned to the pod yet; retry later");
    }
  }

  private void finishWait(String result) {
    if (waitingFor == null) {
      if (result.equals("closed")) {
        done = true;
      }
      return;
    }
    gw.metrics().waitEnded(waitingFor, result);
    waitingFor = null;
    if (timerId >= 0) {
      gw.vertx().cancelTimer(timerId);
      timerId = -1;
    }
    try {
      subscription.close();
    } catch (Exception e) {
      // removing from a concurrent set does not fail
    }
    if (result.equals("closed")) {
      done = true;
    }
  }

  private void act(Decision d) {
    done = true;
    if (d instanceof Decision.Grant g) {
      podName = name(g.pod());
      identityName = g.identity().namespace() + "/" + g.identity().name();
      long deadline = System.currentTimeMillis() + gw.imdsBudgetMs();
      Future<Token> cached = gw.cache().get(g.identity(), g.pod(), token.resource(), deadline);
      // Already complete: served from the cache, no upstream call made.
      boolean cacheHit = cached.isComplete();
      cached.onComplete(
          ar -> {
            if (ar.succeeded()) {
              Answers.token(
                  request.response(),
                  ar.result(),
                  token.resource(),
                  g.identity().clientId(),
                  System.currentTimeMillis() / 1000);
              log(200, "granted", null, cacheHit);
              gw.grants().granted(g.pod().uid(), identityName, token.resource());
            } else if (g.identity().identity().needsCloudAssignment()) {
              upstreamFailed(ar.cause());
            } else {
              servicePrincipalFailed(ar.cause(), g.identity().identity().federated());
            }
          });
    } else if (d instanceof Decision.Bypass b) {
      podName = name(b.pod());
      identityName = "exception:" + b.exceptionName();
      long forwarded = System.nanoTime();
      gw.forward(TokenServer.pathAndQuery(request), System.currentTimeMillis() + gw.imdsBudgetMs())
          .onComplete(
              ar -> {
                gw.metrics()
                    .aad()
                    .exceptionToken(
                        token.clientId() != null || token.resourceId() != null,
                        ar.succeeded() && ar.result().status() == 200,
                        System.nanoTime() - forwarded);
                if (ar.failed()) {
                  upstreamFailed(ar.cause());
                  return;
                }
                Answers.relay(request.response(), ar.result());
                log(ar.result().status(), "exception", null);
              });
    } else if (d instanceof Decision.Deny deny) {
      deny(deny.reason(), deny.detail());
    } else if (d instanceof Decision.Stale s) {
      unavailable("stale", s.detail());
    }
  }

  private void deny(DenyReason reason, String detail) {
    done = true;
    boolean notFound = reason == DenyReason.UNKNOWN_POD && gw.unknownPodNotFound();
    int status = notFound ? 404 : 403;
    Answers.error(request.response(), status, notFound ? "not_found" : "forbidden", detail);
    log(status, "denied_" + reason.label(), detail);
  }

  private void unavailable(String outcome, String detail) {
    done = true;
    Answers.error(
        request.response(), 503, "temporarily_unavailable", detail, gw.retryAfterSeconds());
    log(503, outcome, detail);
  }

  private void upstreamFailed(Throwable cause) {
    if (cause instanceof UpstreamException u && !u.retriable()) {
      String upstream = errorDescription(u.body());
      String description = upstream != null ? upstream : "IMDS refused: " + u.getMessage();
      int status = u.status() >= 400 && u.status() < 500 ? u.status() : 502;
      Answers.error(request.response(), status, "invalid_request", description);
      log(status, "imds_refused", description);
      return;
    }
    unavailable("imds_unavailable", "IMDS is throttling or failing; retry later");
  }

  /**
   * A service principal or federated identity got no token. Every refusal (feature off, no Secret,
   * bad credential, no service-account token, Entra saying no, e.g. no federated credential for the
   * pod's service account) is a 403 with the reason, Entra's own description when it gave one;
   * Entra or the Kubernetes API throttling or failing past the budget is a 503 + Retry-After.
   */
  private void servicePrincipalFailed(Throwable cause, boolean federated) {
    if (cause instanceof UpstreamException u && !u.retriable()) {
      String description = u.getMessage();
      String upstream = errorDescription(u.body());
      if (upstream != null) {
        description =
            (federated
                    ? "Entra refused the federated identity: "
                    : "Entra refused the service principal: ")
                + upstream;
      }
      deny403(federated ? "federated_refused" : "sp_refused", description);
      return;
    }
    unavailable(
        federated ? "federated_unavailable" : "sp_unavailable",
        "Entra or the Kubernetes API is throttling or failing; retry later");
  }

  private void deny403(String outcome, String detail) {
    done = true;
    Answers.error(request.response(), 403, "forbidden", detail);
    log(403, outcome, detail);
  }

  /** The {@code error_description} of an upstream's JSON error body, or null. */
  private static String errorDescription(String body) {
    if (body == null) {
      return null;
    }
    try {
      return new JsonObject(body).getValue("error_description") instanceof String s ? s : null;
    } catch (DecodeException e) {
      return null; // not JSON: the caller keeps its own description
    }
  }

  private void log(int status, String outcome, String detail) {
    log(status, outcome, detail, false);
  }

  private void log(int status, String outcome, String detail, boolean cacheHit) {
    long nanos = System.nanoTime() - startedNanos;
    double ms = nanos / 1e6;
    gw.metrics().request(outcome, ms);
    gw.answeredToken(hostTokenPod, token, status, nanos);
    if (!gw.requestLog().enabled()
        || gw.hits()
            .summed(
                status,
                cacheHit,
                token.sourceIp(),
                podName,
                identityName,
                token.resource(),
                nanos)) {
      return;
    }
    // Built by hand: this runs once per request on an event loop, and Formatter is slow. Never
    // the token: only who asked, for what, and how it ended.
    StringBuilder line = new StringBuilder(192);
    line.append("token request ip=")
        .append(token.sourceIp())
        .append(" pod=")
        .append(podName)
        .append(" identity=")
        .append(identityName)
        .append(" resource=")
        .append(Safe.forLog(token.resource()))
        .append(" status=")
        .append(status)
        .append(" outcome=")
        .append(outcome)
        .append(" duration_ms=")
        .append(Math.round(ms * 1000) / 1000.0);
    if (detail != null) {
      line.append(" detail=\"").append(Safe.forLog(detail)).append('"');
    }
    gw.requestLog().line(line);
  }

  private static String name(PodRecord pod) {
    return pod.namespace() + "/" + pod.name();
  }
}
