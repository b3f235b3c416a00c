package dev.podidentity.azuresim.http;

import dev.podidentity.azuresim.control.Fault;
import io.vertx.ext.web.RoutingContext;

/** Holding a request for a HANG, and letting go of it when the hang ends. */
final class Hangs {
  private Hangs() {}

  /**
   * Holds {@code ctx} for {@code holdMs} (-1: until the faults are cleared). Then its stream is
   * reset (on HTTP/2 only that request: the client's other requests on the connection go on, as
   * when a load balancer drops one call) or, when the fault names a status, {@code answer} runs.
   */
  static void hold(Services s, RoutingContext ctx, Fault f, long holdMs, Runnable answer) {
    Runnable letGo =
        s.faults()
            .hang(
                () -> {
                  if (ctx.response().ended() || ctx.response().closed()) {
                    return;
                  }
                  if (f.status() == null) {
                    ctx.response().reset();
                  } else {
                    answer.run();
                  }
                });
    if (holdMs > 0) {
      s.vertx().setTimer(holdMs, id -> letGo.run());
    }
  }
}
