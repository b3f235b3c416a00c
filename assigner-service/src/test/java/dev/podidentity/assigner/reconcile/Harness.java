package dev.podidentity.assigner.reconcile;

import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.core.Planner;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.PodRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;

/** A reconciler over the fake cloud and the recording output, fed like the consumer feeds it. */
final class Harness implements AutoCloseable {
  final Object lock = new Object();
  final AssignerState state = new AssignerState();
  final FakeCloud cloud = new FakeCloud();
  final RecordingOutput output = new RecordingOutput();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Reconciler reconciler;

  Harness() {
    this(fast(ReconcileOptions.defaults()));
  }

  Harness(ReconcileOptions options) {
    this(options, System::nanoTime);
  }

  /** With a clock the test moves, for time-based rules (linger) without waiting on real time. */
  Harness(ReconcileOptions options, java.util.function.LongSupplier clock) {
    reconciler =
        new Reconciler(
            lock,
            state,
            new Planner(false),
            cloud,
            output,
            ClusterPort.NONE,
            options,
            new AssignerMetrics(registry),
            Executors.newScheduledThreadPool(1),
            Executors.newCachedThreadPool(),
            clock,
            new Random(7),
            Tracing.NONE);
    reconciler.own(t -> true);
  }

  static ReconcileOptions fast(ReconcileOptions o) {
    return o.toBuilder().backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
  }

  void pod(PodRecord pod) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.pod(Keys.of(pod), pod);
    }
    reconciler.enqueueAll(affected);
  }

  void deletePod(PodRecord pod) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.pod(Keys.of(pod), null);
    }
    reconciler.enqueueAll(affected);
  }

  void config(ConfigRecord record) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.config(record.key(), record);
    }
    reconciler.enqueueAll(affected);
  }

  void deleteConfig(ConfigRecord record) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.config(record.key(), null);
    }
    reconciler.enqueueAll(affected);
  }

  void ledger(LedgerRecord ledger) {
    synchronized (lock) {
      state.ledger(ledger.target(), ledger);
    }
  }

  AssignmentRecord assignment(PodRecord pod) {
    return output.assignments.get(Keys.of(pod));
  }

  void awaitIdle() {
    await().atMost(Duration.ofSeconds(20)).until(reconciler::idle);
  }

  @Override
  public void close() {
    reconciler.close();
  }
}
