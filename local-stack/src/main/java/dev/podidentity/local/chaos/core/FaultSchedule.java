package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The seeded fault schedule: the same seed and sizes give the same faults at the same offsets, so a
 * run that found something can be repeated. Every kind appears at least once; further faults are
 * drawn at random up to the requested number. Every fault ends inside the window (a hang too: the
 * simulator lets go of a request it holds after the hang's duration). ARM hangs are drawn in the
 * first half, so that a request the assigner gave up on (its request timeout) has also been retried
 * when the window closes and convergence is measured.
 */
public final class FaultSchedule {

  /**
   * One fault: at {@code atMillis} after the workload starts, on {@code target} (a node index for
   * NMI and IMDS faults, otherwise unused), lasting {@code durationMillis} (a process's downtime, a
   * storm's length).
   */
  public record Fault(long atMillis, FaultKind kind, int target, long durationMillis) {
    @Override
    public String toString() {
      return String.format(
          "+%5.1fs %-32s target %d for %.1fs",
          atMillis / 1000.0, kind, target, durationMillis / 1000.0);
    }
  }

  private FaultSchedule() {}

  /**
   * @param seed the run's seed
   * @param windowMillis faults start within [0, windowMillis) and end before it
   * @param total how many faults (at least one of each kind whatever this says)
   * @param nodes node count, for NMI and IMDS targets
   */
  public static List<Fault> plan(long seed, long windowMillis, int total, int nodes) {
    if (windowMillis < 10_000) {
      throw new IllegalArgumentException("the fault window must be at least 10 s");
    }
    Random random = new Random(seed);
    List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.values()));
    while (kinds.size() < total) {
      kinds.add(FaultKind.values()[random.nextInt(FaultKind.values().length)]);
    }
    Collections.shuffle(kinds, random);
    List<Fault> faults = new ArrayList<>();
    for (FaultKind kind : kinds) {
      long duration = duration(kind, random, windowMillis);
      long latest = Math.max(1, windowMillis - duration - 1);
      if (kind == FaultKind.ARM_HANG) {
        latest = Math.max(1, Math.min(latest, windowMillis / 2));
      }
      long at = (long) (random.nextDouble() * latest);
      faults.add(new Fault(at, kind, random.nextInt(nodes), duration));
    }
    faults.sort(Comparator.comparingLong(Fault::atMillis).thenComparing(Fault::kind));
    return List.copyOf(faults);
  }

  private static long duration(FaultKind kind, Random random, long windowMillis) {
    long storm = Math.min(windowMillis / 4, 1_000 + random.nextInt(4_000));
    if (kind.processKill()) {
      return Math.min(windowMillis / 4, 500 + random.nextInt(3_000));
    }
    return switch (kind) {
      case HOSTILE_REQUESTS, OTHER_NAMESPACE, BAD_RECORDS, INVALID_IDENTITY -> 0;
      // kube-apiserver restarts in seconds; its clients' watches are cut meanwhile.
      case API_RESTART -> Math.min(windowMillis / 4, 2_000 + random.nextInt(8_000));
      default -> storm;
    };
  }
}
