package dev.podidentity.assigner;

import dev.podidentity.assigner.adapter.kafka.KafkaInputs;
import dev.podidentity.assigner.adapter.kafka.KafkaOutput;
import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.core.Planner;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.reconcile.AssignerMetrics;
import dev.podidentity.assigner.reconcile.ReconcileOptions;
import dev.podidentity.assigner.reconcile.Reconciler;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One assigner, wired from its parts: state, planner, reconciler, Kafka inputs and outputs. The
 * Quarkus application runs one; tests run several against one broker to show hand-over and
 * restarts.
 */
public final class Pipeline implements AutoCloseable {
  private final AssignerState state = new AssignerState();
  private final Object lock = new Object();
  private final KafkaOutput output;
  private final Reconciler reconciler;
  private final KafkaInputs inputs;
  private final ExecutorService workers = Executors.newCachedThreadPool(named("assigner-worker"));
  private final Thread loop;

  public Pipeline(
      Map<String, Object> kafka,
      String groupId,
      String source,
      CloudPort cloud,
      ClusterPort cluster,
      boolean namespaced,
      ReconcileOptions options,
      AssignerMetrics metrics,
      Duration handoverTimeout) {
    this.output = new KafkaOutput(kafka, source, Duration.ofSeconds(30));
    this.reconciler =
        new Reconciler(
            lock,
            state,
            new Planner(namespaced),
            cloud,
            output,
            cluster,
            options,
            metrics,
            Executors.newScheduledThreadPool(2, named("assigner-timer")),
            workers,
            System::nanoTime,
            new Random());
    this.inputs = new KafkaInputs(kafka, groupId, lock, state, reconciler, output, handoverTimeout);
    this.loop = new Thread(inputs, "assigner-inputs");
  }

  public Pipeline start() {
    reconciler.startDriftRepair();
    loop.start();
    return this;
  }

  public boolean ready() {
    return inputs.ready() && loop.isAlive();
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  /** Stops at once, as a crash would: runs in flight are abandoned, nothing is handed over. */
  public void kill() {
    workers.shutdownNow();
    reconciler.close();
    inputs.close();
    output.close();
  }

  /** Stops in order: no new work, hand over (the consumer leaves its group), flush outputs. */
  @Override
  public void close() {
    inputs.close();
    try {
      loop.join(Duration.ofSeconds(70).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reconciler.close();
    output.close();
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
