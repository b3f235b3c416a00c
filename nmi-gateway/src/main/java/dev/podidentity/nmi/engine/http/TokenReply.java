package dev.podidentity.nmi.engine.http;

import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.DenyReason;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.nmi.core.Token;
import dev.podidentity.nmi.core.UpstreamCall;
import dev.podidentity.nmi.port.ImdsProxy;
import dev.podidentity.nmi.port.UpstreamException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How a token request ends: the answer written, its metrics and its request-log line. {@link
 * TokenFlow} extends it with the decision flow: one object per request, so a cache hit allocates
 * nothing for the split.
 */
abstract class TokenReply {
  /** The log and metric figure of a request that made no upstream call. */
  static final long NO_UPSTREAM = -1;

  final Gateway gw;
  final HttpServerRequest request;
  final TokenRequest token;
  final PodRecord hostTokenPod;
  final long startedNanos = System.nanoTime();

  /** Whether the request is answered, or its client went away: nothing more is done for it. */
  boolean done;

  String podName = "-";
  String identityName = "-";

  TokenReply(Gateway gw, HttpServerRequest request, TokenRequest token, PodRecord hostTokenPod) {
    this.gw = gw;
    this.request = request;
    this.token = token;
    this.hostTokenPod = hostTokenPod;
  }

  /** A granted token; {@code cacheHit} false: {@code t} came from an upstream call. */
  final void granted(Token t, String clientId, boolean cacheHit) {
    Answers.token(
        request.response(), t, token.resource(), clientId, System.currentTimeMillis() / 1000);
    log(200, "granted", null, cacheHit, cacheHit ? NO_UPSTREAM : upstreamNanos(t.upstream()));
  }

  /** IMDS's answer to an exception pod, passed on. */
  final void relayed(ImdsProxy.Answer answer) {
    Answers.relay(request.response(), answer);
    log(answer.status(), "exception", null, false, upstreamNanos(answer.upstream()));
  }

  final void deny(DenyReason reason, String detail) {
    done = true;
    boolean notFound = reason == DenyReason.UNKNOWN_POD && gw.unknownPodNotFound();
    int status = notFound ? 404 : 403;
    Answers.error(request.response(), status, notFound ? "not_found" : "forbidden", detail);
    log(status, "denied_" + reason.label(), detail);
  }

  final void unavailable(String outcome, String detail) {
    done = true;
    Answers.error(
        request.response(), 503, "temporarily_unavailable", detail, gw.retryAfterSeconds());
    log(503, outcome, detail);
  }

  final void upstreamFailed(Throwable cause) {
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
  final void servicePrincipalFailed(Throwable cause, boolean federated) {
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
      done = true;
      Answers.error(request.response(), 403, "forbidden", description);
      log(403, federated ? "federated_refused" : "sp_refused", description);
      return;
    }
    unavailable(
        federated ? "federated_unavailable" : "sp_unavailable",
        "Entra or the Kubernetes API is throttling or failing; retry later");
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

  /** The part of {@code call} within this request; {@link #NO_UPSTREAM} when it was not timed. */
  private long upstreamNanos(UpstreamCall call) {
    return call == null ? NO_UPSTREAM : call.nanosSince(startedNanos);
  }

  private void log(int status, String outcome, String detail) {
    log(status, outcome, detail, false, NO_UPSTREAM);
  }

  private void log(int status, String outcome, String detail, boolean cacheHit, long upstream) {
    long nanos = System.nanoTime() - startedNanos;
    double ms = nanos / 1e6;
    gw.metrics().request(outcome, ms);
    if (upstream >= 0) {
      gw.metrics().upstreamOverhead(Math.max(0, nanos - upstream) / 1e6);
    }
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
    gw.requestLog()
        .line(
            line(
                token.sourceIp(),
                podName,
                identityName,
                token.resource(),
                status,
                outcome,
                nanos,
                upstream,
                detail));
  }

  /**
   * The request's log line. Built by hand: this runs once per request on an event loop, and
   * Formatter is slow. Never the token: only who asked, for what, how it ended, and for a request
   * that called upstream that call's share of the time.
   */
  static StringBuilder line(
      String ip,
      String pod,
      String identity,
      String resource,
      int status,
      String outcome,
      long nanos,
      long upstreamNanos,
      String detail) {
    StringBuilder line = new StringBuilder(208);
    line.append("token request ip=")
        .append(ip)
        .append(" pod=")
        .append(pod)
        .append(" identity=")
        .append(identity)
        .append(" resource=")
        .append(Safe.forLog(resource))
        .append(" status=")
        .append(status)
        .append(" outcome=")
        .append(outcome)
        .append(" duration_ms=")
        .append(millis(nanos));
    if (upstreamNanos >= 0) {
      line.append(" upstream_ms=").append(millis(upstreamNanos));
    }
    if (detail != null) {
      line.append(" detail=\"").append(Safe.forLog(detail)).append('"');
    }
    return line;
  }

  /** Milliseconds to the microsecond. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1000.0;
  }

  static String name(PodRecord pod) {
    return pod.namespace() + "/" + pod.name();
  }
}
