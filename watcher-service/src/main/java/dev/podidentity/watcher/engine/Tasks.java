package dev.podidentity.watcher.engine;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The watcher's background work on the application's workers: now, after a delay, or every so often
 * (a run that outlasts the period makes the next tick drop, never pile up). Delays are Mutiny's
 * timers, which in Quarkus may fire on an event loop; they only hand the task over. A failing task
 * is logged and never stops the ones after it.
 */
final class Tasks {
  private static final Logger LOG = Logger.getLogger(Tasks.class);
  private final Executor workers;

  Tasks(Executor workers) {
    this.workers = workers;
  }

  void now(Runnable task) {
    try {
      workers.execute(() -> safely(task));
    } catch (RejectedExecutionException e) {
      LOG.debug("event=task-dropped reason=stopped");
    }
  }

  void after(Duration delay, Runnable task) {
    if (delay.isZero()) {
      now(task);
      return;
    }
    Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(delay)
        .emitOn(workers)
        .subscribe()
        .with(ignored -> safely(task), e -> LOG.error("event=task-timer-failed", e));
  }

  Cancellable every(Duration period, Runnable task) {
    return Multi.createFrom()
        .ticks()
        .startingAfter(period)
        .every(period)
        .onOverflow()
        .drop()
        .emitOn(workers)
        .subscribe()
        .with(tick -> safely(task), e -> LOG.error("event=task-timer-failed", e));
  }

  private static void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("event=task-failed", e);
    }
  }
}
