package dev.podidentity.nmi.engine.view;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Confirms the view current every interval, on a worker thread, never on an event loop: {@link
 * ViewFeed#confirm()} waits for the feed's monitor, which a batch holds while it is applied
 * (seconds during a replay under load), and the token endpoint shares the event loops. A tick that
 * finds the previous one still waiting is skipped.
 */
public final class Confirmations {
  private Confirmations() {}

  /** Starts the periodic confirmation; answers the timer's id. */
  public static long every(Vertx vertx, long intervalMillis, Supplier<Uni<Void>> confirm) {
    AtomicBoolean waiting = new AtomicBoolean();
    return vertx.setPeriodic(
        intervalMillis,
        id -> {
          if (!waiting.compareAndSet(false, true)) {
            return;
          }
          vertx.executeBlocking(
              () -> {
                try {
                  confirm.get().subscribe().with(ok -> {}, error -> {});
                } finally {
                  waiting.set(false);
                }
                return null;
              },
              false);
        });
  }
}
