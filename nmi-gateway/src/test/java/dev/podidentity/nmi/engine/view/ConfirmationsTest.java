package dev.podidentity.nmi.engine.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A confirmation waiting for the feed's monitor leaves the event loop free for requests. */
class ConfirmationsTest {
  // One event loop: the timer's and every other handler's, as the token endpoint's would share it.
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Object monitor = new Object();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aConfirmationWaitingForTheFeedsMonitorDoesNotBlockTheEventLoop() {
    AtomicInteger entered = new AtomicInteger();
    AtomicBoolean loopAnswered = new AtomicBoolean();
    synchronized (monitor) { // a batch being applied
      Confirmations.every(
          vertx,
          5,
          () -> {
            entered.incrementAndGet();
            synchronized (monitor) {
              return Uni.createFrom().voidItem();
            }
          });
      await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() >= 1);

      vertx.setTimer(1, id -> loopAnswered.set(true));

      await().atMost(Duration.ofSeconds(10)).untilTrue(loopAnswered);
      // Ticks meanwhile were skipped, not piled up on workers waiting for the monitor.
      assertThat(entered.get()).isEqualTo(1);
    }
  }

  @Test
  void confirmsEveryIntervalWhenNothingHoldsTheMonitor() {
    AtomicInteger confirmed = new AtomicInteger();

    Confirmations.every(
        vertx, 5, () -> Uni.createFrom().voidItem().invoke(confirmed::incrementAndGet));

    await().atMost(Duration.ofSeconds(10)).until(() -> confirmed.get() >= 3);
  }
}
