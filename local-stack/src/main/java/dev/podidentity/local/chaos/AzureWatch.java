package dev.podidentity.local.chaos;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.local.chaos.core.AzureChecks;
import dev.podidentity.local.chaos.core.Convergence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Samples the identities on the scale set all run long: a protected identity missing from any
 * sample is a violation at once; the samples after the window feed the convergence check.
 */
final class AzureWatch {
  private final SimulatorAdminClient simulator;
  private final String scaleSetId;
  private final Set<String> protectedIds;
  private final Workload.Clock clock;
  private final List<Convergence.Sample> samples = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private volatile long keepFrom = Long.MAX_VALUE;
  private volatile Set<String> last = Set.of();

  AzureWatch(
      SimulatorAdminClient simulator,
      String scaleSetId,
      Set<String> protectedIds,
      Workload.Clock clock) {
    this.simulator = simulator;
    this.scaleSetId = scaleSetId;
    this.protectedIds = Set.copyOf(protectedIds);
    this.clock = clock;
  }

  /** One sample; a failed read (the simulator busy) is skipped, the next one counts. */
  void sample() {
    Set<String> on;
    try {
      on = Set.copyOf(simulator.identitiesOf(scaleSetId));
    } catch (RuntimeException e) {
      return;
    }
    long now = clock.now();
    last = on;
    synchronized (this) {
      for (String id : AzureChecks.protectedMissing(protectedIds, on)) {
        if (reported.add(id)) {
          removed.add(id + " missing from the scale set at +" + now + " ms");
        }
      }
      if (now >= keepFrom) {
        samples.add(new Convergence.Sample(now, on));
      }
    }
  }

  /** Keeps samples from {@code atMillis} on, for convergence. */
  void keepFrom(long atMillis) {
    keepFrom = atMillis;
  }

  synchronized List<Convergence.Sample> samples() {
    return List.copyOf(samples);
  }

  synchronized List<String> protectedRemoved() {
    return List.copyOf(removed);
  }

  Set<String> last() {
    return last;
  }
}
