package dev.podidentity.local.chaos;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.local.SimScaleSet;
import dev.podidentity.local.chaos.core.AzureChecks;
import dev.podidentity.local.chaos.core.Convergence;
import dev.podidentity.local.chaos.core.Placements;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Samples the identities on every scale set all run long: a protected identity missing from any
 * scale set in any sample is a violation at once; the samples after the window (placements, an
 * identity on one scale set: {@link Placements}) feed the convergence check.
 */
final class AzureWatch {
  private final SimulatorAdminClient simulator;
  private final List<SimScaleSet> scaleSets;
  private final Set<String> protectedIds;
  private final Workload.Clock clock;
  private final List<Convergence.Sample> samples = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private final Set<String> reported = new HashSet<>();
  private volatile long keepFrom = Long.MAX_VALUE;
  private volatile Map<String, Set<String>> last = Map.of();

  AzureWatch(
      SimulatorAdminClient simulator,
      List<SimScaleSet> scaleSets,
      Set<String> protectedIds,
      Workload.Clock clock) {
    this.simulator = simulator;
    this.scaleSets = List.copyOf(scaleSets);
    this.protectedIds = Set.copyOf(protectedIds);
    this.clock = clock;
  }

  /**
   * One sample of every scale set; a failed read (the simulator busy) skips the whole sample, so
   * each sample holds all the scale sets at about the same time; the next one counts.
   */
  void sample() {
    Map<String, Set<String>> on = new LinkedHashMap<>();
    try {
      for (SimScaleSet s : scaleSets) {
        on.put(s.name(), Set.copyOf(simulator.identitiesOf(s.id())));
      }
    } catch (RuntimeException e) {
      return;
    }
    long now = clock.now();
    last = on;
    synchronized (this) {
      on.forEach(
          (scaleSet, ids) -> {
            for (String id : AzureChecks.protectedMissing(protectedIds, ids)) {
              if (reported.add(Placements.key(id, scaleSet))) {
                removed.add(id + " missing from " + scaleSet + " at +" + now + " ms");
              }
            }
          });
      if (now >= keepFrom) {
        samples.add(new Convergence.Sample(now, Placements.of(on)));
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

  /** The scale sets' names, pool 0 first. */
  List<String> scaleSetNames() {
    return scaleSets.stream().map(SimScaleSet::name).toList();
  }

  /**
   * Where the ledger (owned identities by target ARM id, lowercased) and the last sample disagree,
   * on each scale set.
   */
  List<String> ledgerDisagreement(Map<String, Set<String>> ownedByArmId, Set<String> beforeUs) {
    Map<String, Set<String>> owned = new LinkedHashMap<>();
    for (SimScaleSet s : scaleSets) {
      owned.put(s.name(), ownedByArmId.getOrDefault(s.id().toLowerCase(Locale.ROOT), Set.of()));
    }
    return AzureChecks.ledgerDisagreementByScaleSet(owned, last, beforeUs);
  }
}
