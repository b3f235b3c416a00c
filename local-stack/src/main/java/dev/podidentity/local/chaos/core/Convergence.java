package dev.podidentity.local.chaos.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Convergence after the last fault, from samples of the identities on the scale set: when each
 * identity reached the state the cluster asks for and kept it to the end of the samples. An
 * identity wanted on the scale set that is not there at the end is lost; one wanted off that is
 * still there at the end was not removed; either reached later than its bound is late.
 */
public final class Convergence {

  /** The identities on the scale set at {@code atMillis} (same clock as the start). */
  public record Sample(long atMillis, Set<String> onScaleSet) {}

  /**
   * @param times milliseconds from the start to each identity's settling, by identity
   * @param lost wanted on the scale set, missing at the end
   * @param notRemoved wanted off, still there at the end
   * @param late settled, but after its bound
   */
  public record Result(
      Map<String, Long> times, List<String> lost, List<String> notRemoved, List<String> late) {
    public long max() {
      return times.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public long p99() {
      return Percentiles.of(new ArrayList<>(times.values()), 0.99);
    }

    public boolean holds() {
      return lost.isEmpty() && notRemoved.isEmpty() && late.isEmpty();
    }
  }

  private Convergence() {}

  /**
   * @param startMillis when the last fault ended (and the cluster stopped changing)
   * @param wantedOn identities with a live pod
   * @param wantedOff identities without pods that the assigner added
   * @param boundMillis how long an addition may take
   * @param removalBoundMillis how long a removal may take (the linger + the bound)
   * @param samples in time order, from {@code startMillis} on
   */
  public static Result evaluate(
      long startMillis,
      Set<String> wantedOn,
      Set<String> wantedOff,
      long boundMillis,
      long removalBoundMillis,
      List<Sample> samples) {
    Map<String, Long> times = new TreeMap<>();
    List<String> lost = new ArrayList<>();
    List<String> notRemoved = new ArrayList<>();
    List<String> late = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(wantedOn)) {
      settle(id, true, startMillis, boundMillis, samples, times, lost, late);
    }
    for (String id : new java.util.TreeSet<>(wantedOff)) {
      settle(id, false, startMillis, removalBoundMillis, samples, times, notRemoved, late);
    }
    return new Result(times, lost, notRemoved, late);
  }

  private static void settle(
      String id,
      boolean wantOn,
      long start,
      long bound,
      List<Sample> samples,
      Map<String, Long> times,
      List<String> missed,
      List<String> late) {
    Long settledAt = null;
    for (Sample s : samples) {
      boolean ok = s.onScaleSet().contains(id) == wantOn;
      if (!ok) {
        settledAt = null;
      } else if (settledAt == null) {
        settledAt = s.atMillis();
      }
    }
    if (settledAt == null) {
      missed.add(id);
      return;
    }
    long took = Math.max(0, settledAt - start);
    times.put(id, took);
    if (took > bound) {
      late.add(id);
    }
  }
}
