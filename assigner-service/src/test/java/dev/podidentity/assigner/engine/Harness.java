package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.config.AssignerConfig;
import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.port.ClusterPort;
import dev.podidentity.assigner.port.Tracing;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.testsupport.quarkus.ConfigMappings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A reconciler over the fake cloud and the recording output, fed like the consumer feeds it, on
 * virtual time: nothing runs until the test calls {@link #settle} or advances {@link #time}.
 */
final class Harness implements AutoCloseable {
  final Object lock = new Object();
  final AssignerState state;
  final FakeCloud cloud = new FakeCloud();
  final RecordingOutput output = new RecordingOutput();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final VirtualTime time = new VirtualTime();
  final Reconciler reconciler;
  private final StateRecords records;

  /** With the service's defaults, and {@code settings} ("assigner.linger", "5m", ...) over them. */
  Harness(String... settings) {
    AssignerConfig config = ConfigMappings.of(AssignerConfig.class, settings);
    state = new AssignerState(config.eager());
    reconciler =
        new Reconciler(
            lock,
            state,
            cloud,
            output,
            ClusterPort.NONE,
            config,
            new AssignerMetrics(registry),
            time,
            time,
            time,
            time,
            new Random(7),
            Tracing.NONE);
    reconciler.own(t -> true);
    records = new StateRecords(lock, state, reconciler);
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

  void node(NodeRecord node) {
    records.node(node.name(), node);
  }

  void deleteNode(String name) {
    records.node(name, (NodeRecord) null);
  }

  void ledger(LedgerRecord ledger) {
    synchronized (lock) {
      state.ledger(ledger.target(), ledger);
    }
  }

  /**
   * A fresh listing of what the cluster's AzureAssignedIdentity objects claim, as fed after a
   * replay.
   */
  void claims(Map<ComputeTarget, Set<String>> listed) {
    Set<ComputeTarget> affected;
    synchronized (lock) {
      affected = state.claims(listed);
    }
    reconciler.enqueueAll(affected);
  }

  AssignmentRecord assignment(PodRecord pod) {
    return output.assignments.get(Keys.of(pod));
  }

  /** Runs everything due until a quiet minute of virtual time; then nothing is in flight. */
  void settle() {
    time.settle();
  }

  @Override
  public void close() {
    reconciler.close();
  }
}
