package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.azuresim.control.Faults;
import dev.podidentity.azuresim.state.ComputeTarget;
import dev.podidentity.azuresim.throttle.ThrottleDecision;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code Microsoft.Compute} answers when it does not do the work: the faults injected through
 * the admin API (latency, hangs, 409, 429, 5xx) and its throttling, each counted per target.
 */
final class ComputeFaults {
  private final Services s;

  ComputeFaults(Services services) {
    this.s = services;
  }

  /** Applies injected latency and faults, then runs the real handling. */
  void guarded(RoutingContext ctx, ComputeTarget t, String op, Runnable next) {
    Faults.Plan plan = s.faults().plan("arm", t.name(), op);
    Runnable proceed =
        () -> {
          if (plan.disruption().isEmpty()) {
            next.run();
          } else {
            disrupt(ctx, t, plan.disruption().get(), plan.holdMs());
          }
        };
    if (plan.latencyMs() > 0) {
      s.vertx().setTimer(plan.latencyMs(), id -> proceed.run());
    } else {
      proceed.run();
    }
  }

  private void disrupt(RoutingContext ctx, ComputeTarget t, Fault f, long holdMs) {
    switch (f.kind()) {
      case HANG -> {
        s.counters().compute(t.name(), "hangs");
        Hangs.hold(
            s,
            ctx,
            f,
            holdMs,
            () -> fail(ctx, t, f.status(), "GatewayTimeout", "Timed out (injected)."));
      }
      case CONFLICT ->
          fail(
              ctx,
              t,
              409,
              "OperationNotAllowed",
              "Operation 'Update' is not allowed since the resource '"
                  + t.name()
                  + "' is in the middle of another operation (injected).");
      case THROTTLE -> {
        long ms = f.latencyMs() == null ? 15_000 : f.latencyMs();
        throttled(
            ctx, t, new ThrottleDecision(false, ms, "Microsoft.Compute/Injected;0", "Injected"));
      }
      default -> {
        int status = f.status() == null ? 500 : f.status();
        fail(
            ctx,
            t,
            status,
            status == 503 ? "ServiceUnavailable" : "InternalServerError",
            "An internal execution error occurred (injected). Please retry later.");
      }
    }
  }

  void throttled(RoutingContext ctx, ComputeTarget t, ThrottleDecision d) {
    ctx.response()
        .putHeader("Retry-After", Long.toString(d.retryAfterSeconds()))
        .putHeader("retry-after-ms", Long.toString(d.retryAfterMillis()))
        .putHeader("x-ms-ratelimit-remaining-resource", d.remainingHeader());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", "TooManyRequests");
    detail.put("target", d.policy());
    detail.put(
        "message",
        "The request is being throttled as the limit has been reached for operation group '"
            + d.policy()
            + "'.");
    Map<String, Object> error =
        new LinkedHashMap<>(
            ArmErrors.body(
                "OperationNotAllowed",
                "The server rejected the request because too many requests have been received for this resource. Retry after "
                    + d.retryAfterSeconds()
                    + " seconds."));
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) error.get("error"));
    inner.put("details", List.of(detail));
    s.counters().compute(t.name(), Counters.THROTTLED);
    Json.send(ctx, 429, Map.of("error", inner));
  }

  void fail(RoutingContext ctx, ComputeTarget t, int status, String code, String message) {
    s.counters()
        .compute(
            t.name(),
            status == 409
                ? Counters.CONFLICT
                : status == 429 ? Counters.THROTTLED : Counters.ERROR);
    ArmErrors.send(ctx, status, code, message);
  }
}
