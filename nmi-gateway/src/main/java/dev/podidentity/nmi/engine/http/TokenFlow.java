package dev.podidentity.nmi.engine.http;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.DenyReason;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.authorization.View;
import dev.podidentity.nmi.core.Token;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * One token request from decision to answer. Runs on the request's event loop; when the decision is
 * to wait, it subscribes to view changes and re-decides on each, with a timer for the bound: no
 * polling, and an answer the moment the view allows one.
 */
final class TokenFlow extends TokenReply {
  /** Beyond this many waiting requests, new ones are answered at once instead of waiting. */
  static final int MAX_WAITERS = 20_000;

  private final Context context;

  private String waitingFor;
  private long waitDeadline;
  private long timerId = -1;
  private AutoCloseable subscription;
  private boolean subscribedToClose;

  TokenFlow(Gateway gw, HttpServerRequest request, TokenRequest token, PodRecord hostTokenPod) {
    super(gw, request, token, hostTokenPod);
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
              granted(ar.result(), g.identity().clientId(), cacheHit);
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
                relayed(ar.result());
              });
    } else if (d instanceof Decision.Deny deny) {
      deny(deny.reason(), deny.detail());
    } else if (d instanceof Decision.Stale s) {
      unavailable("stale", s.detail());
    }
  }
}
