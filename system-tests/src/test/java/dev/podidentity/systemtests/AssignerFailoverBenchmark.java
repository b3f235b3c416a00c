package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Assigner failover, real processes: pods on the scale set under two selectors, the assigner that
 * owns the scale set killed with SIGKILL, one selector's pods deleted while it is down, and the
 * time from the kill until a replica acts on the scale set again (its log says it replayed and acts
 * on the partition) and until the PATCH that removes the deleted pods' identity reaches ARM. Twice:
 * the same replica restarted at once with the same command and environment, and a standby replica
 * already running. {@code -Dbenchmark.failover.rounds} rounds of each (1), {@code -Dbenchmark.pods}
 * pods per selector (20). Not a timed test: it asserts that the scale set converged.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class AssignerFailoverBenchmark extends Scenario {

  @Test
  void killToActing() throws Exception {
    int rounds = Integer.getInteger("benchmark.failover.rounds", 1);
    AssignerReplicas replicas = new AssignerReplicas(stack());
    List<Times> restart = new ArrayList<>();
    List<Times> standby = new ArrayList<>();
    try {
      for (int i = 0; i < rounds; i++) {
        restart.add(round(replicas, false));
      }
      replicas.startStandby();
      for (int i = 0; i < rounds; i++) {
        standby.add(round(replicas, true));
      }
    } finally {
      replicas.restore();
    }
    BenchmarkReport.record(
        "F1",
        "assigner failover: kill -9 → acting (restart, standby), "
            + Integer.getInteger("benchmark.pods", 20) * 2
            + " pods, "
            + rounds
            + " round(s) each (real processes)",
        "restart: " + summary(restart) + "; standby: " + summary(standby),
        "45 s (issue: the group waited out the dead member's session)",
        "< 10 s");
  }

  /** Kill → acting, kill → first PATCH, kill → converged, in ms. */
  record Times(long acting, long patch, long converged) {}

  private Times round(AssignerReplicas replicas, boolean withStandby) throws Exception {
    int perSelector = Integer.getInteger("benchmark.pods", 20);
    String ns = unique("failover");
    SimIdentity kept = identity("kept");
    SimIdentity gone = identity("gone");
    stack().addPodIdentity(ns, "kept", kept, ns + "-kept");
    stack().addPodIdentity(ns, "gone", gone, ns + "-gone");
    List<PodRef> keptPods = new ArrayList<>();
    List<PodRef> gonePods = new ArrayList<>();
    for (int i = 0; i < perSelector; i++) {
      keptPods.add(pod(ns, ns + "-kept", node(i % SharedStack.NODES)));
      gonePods.add(pod(ns, ns + "-gone", node(i % SharedStack.NODES)));
    }
    awaitOnScaleSet(kept);
    awaitOnScaleSet(gone);
    awaitTokenStatus(gonePods.get(gonePods.size() - 1), gone.clientId(), 200);
    String victim =
        withStandby
            ? await("a replica owning the scale set")
                .atMost(CONVERGE)
                .until(replicas::owner, o -> o.isPresent())
                .get()
            : AssignerReplicas.PRIMARY;
    String survivor =
        !withStandby
            ? AssignerReplicas.PRIMARY
            : victim.equals(AssignerReplicas.PRIMARY)
                ? AssignerReplicas.STANDBY
                : AssignerReplicas.PRIMARY;
    long logFrom = replicas.logEnd(survivor);
    String scaleSet = stack().scaleSetName();
    long patchesBefore = stack().simulator().computeCount(scaleSet, "PATCH");

    long t0 = System.nanoTime();
    stack().services().kill(victim);
    Stopwatch acting = Stopwatch.start(t0, () -> replicas.actsSince(survivor, logFrom));
    Stopwatch patch =
        Stopwatch.start(
            t0, () -> stack().simulator().computeCount(scaleSet, "PATCH") > patchesBefore);
    gonePods.forEach(stack()::deletePod);
    if (!withStandby) {
      stack().services().restart(victim);
    }
    awaitOffScaleSet(gone);
    long converged = (System.nanoTime() - t0) / 1_000_000;
    assertThat(onScaleSet(kept)).isTrue();
    Times times = new Times(acting.await(), patch.await(), converged);
    System.out.printf(
        Locale.ROOT,
        "failover (%s, %s killed): acting after %d ms, first PATCH after %d ms, converged after %d"
            + " ms%n",
        withStandby ? "standby" : "restart",
        victim,
        times.acting(),
        times.patch(),
        times.converged());
    if (withStandby) {
      // The killed replica comes back as the standby of the next round.
      stack().services().restart(victim);
      replicas.startStandby();
    }
    keptPods.forEach(stack()::deletePod);
    awaitOffScaleSet(kept);
    return times;
  }

  private static String summary(List<Times> times) {
    return String.format(
        Locale.ROOT,
        "acting %s ms, first PATCH %s ms, converged %s ms",
        join(times.stream().mapToLong(Times::acting).toArray()),
        join(times.stream().mapToLong(Times::patch).toArray()),
        join(times.stream().mapToLong(Times::converged).toArray()));
  }

  private static String join(long[] values) {
    StringBuilder b = new StringBuilder();
    for (long v : values) {
      b.append(b.length() == 0 ? "" : "/").append(v);
    }
    return b.toString();
  }

  /** Polls a condition every 10 ms on a timer of its own and keeps when it first held. */
  private static final class Stopwatch {
    private final CompletableFuture<Long> ms = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private Stopwatch(long t0, BooleanSupplier condition) {
      timer.scheduleAtFixedRate(
          () -> {
            if (!ms.isDone() && condition.getAsBoolean()) {
              ms.complete((System.nanoTime() - t0) / 1_000_000);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
    }

    static Stopwatch start(long t0, BooleanSupplier condition) {
      return new Stopwatch(t0, condition);
    }

    long await() throws Exception {
      try {
        return ms.get(2, TimeUnit.MINUTES);
      } finally {
        timer.shutdownNow();
      }
    }
  }
}
