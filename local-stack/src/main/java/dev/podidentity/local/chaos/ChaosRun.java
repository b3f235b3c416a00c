package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.chaos.core.Convergence;
import dev.podidentity.local.chaos.core.FaultSchedule;
import dev.podidentity.local.chaos.core.Figures;
import dev.podidentity.local.chaos.core.MemoryFigures;
import dev.podidentity.local.chaos.core.MemoryFigures.LiveHeaps;
import dev.podidentity.local.chaos.core.Placements;
import dev.podidentity.local.chaos.core.TokenOracle;
import dev.podidentity.local.chaos.core.Violation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One chaos run on a started stack: the workload churns and the schedule's faults fire during the
 * window while probes ask for tokens and every scale set is sampled; then faults and churn stop,
 * and convergence is measured until every identity settled or the settling period ends.
 */
final class ChaosRun {
  private static final long PROBE_PAUSE_MS = 20;

  /** Probe threads: most of a probe's time is an NMI holding a request for its assignment. */
  private static final int PROBES = 4;

  private final LocalStack stack;
  private final ChaosSettings settings;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private final Workload.Clock clock = () -> (System.nanoTime() - started) / 1_000_000;
  private final TokenOracle oracle = new TokenOracle();
  private final List<String> violations = new ArrayList<>();
  private volatile boolean churning = true;
  private volatile boolean probing = true;

  ChaosRun(LocalStack stack, ChaosSettings settings, PrintStream out) {
    this.stack = stack;
    this.settings = settings;
    this.out = out;
  }

  /** Runs it; answers the figures (without the wall clock and load, which the caller knows). */
  Figures run() throws InterruptedException {
    SimIdentity before = stack.createIdentity("preexisting-user");
    Set<String> protectedIds = Set.of(lower(stack.clusterIdentity().id()), lower(before.id()));
    // A user identity on the node pool before the assigner ever ran, not declared immutable: only
    // the ledger's ownership keeps it there once its pods come and go.
    for (String scaleSet : stack.scaleSetIds()) {
      stack
          .simulator()
          .assignIdentities(scaleSet, List.of(stack.clusterIdentity().id(), before.id()), false);
    }
    Workload workload = new Workload(stack, oracle, clock);
    workload.setUp(before, settings.identities());
    TokenProbes probes = new TokenProbes(workload, oracle, clock, violations);
    FaultInjector faults = new FaultInjector(stack, workload, probes, settings, violations);
    AzureWatch watch = new AzureWatch(stack.simulator(), stack.scaleSets(), protectedIds, clock);
    List<FaultSchedule.Fault> schedule =
        FaultSchedule.plan(
            settings.seed(), settings.window().toMillis(), settings.faults(), settings.nodes());
    out.println("chaos: seed " + settings.seed() + ", schedule:");
    schedule.forEach(f -> out.println("  " + f));
    Map<String, Long> rssStart = Memory.rss(stack);
    LiveHeaps heapStart = new LiveHeaps(workload.liveCount(), Memory.liveHeap(stack));

    long t0 = clock.now();
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(6);
    ExecutorService loops = Executors.newFixedThreadPool(1 + PROBES);
    for (int i = 0; i < schedule.size(); i++) {
      FaultSchedule.Fault f = schedule.get(i);
      Random random = new Random(settings.seed() * 31 + i);
      timers.schedule(() -> faults.inject(f, random), f.atMillis(), TimeUnit.MILLISECONDS);
    }
    // The live heap once the workload is at its full size, to compare the end with.
    AtomicReference<LiveHeaps> heapMark = new AtomicReference<>(LiveHeaps.NONE);
    timers.schedule(
        () ->
            heapMark.set(
                Memory.liveHeapsOnceUp(
                    stack, workload::liveCount, clock::now, t0 + settings.window().toMillis() / 2)),
        settings.window().toMillis() / 3,
        TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(watch::sample, 0, 300, TimeUnit.MILLISECONDS);
    timers.scheduleAtFixedRate(() -> progress(workload, faults, probes), 5, 5, TimeUnit.SECONDS);
    loops.submit(() -> churn(workload, faults, new Random(settings.seed())));
    for (int i = 0; i < PROBES; i++) {
      Random random = new Random(settings.seed() + 1 + i);
      loops.submit(() -> probe(probes, random));
    }

    sleepUntil(t0 + settings.window().toMillis());
    churning = false;
    awaitFaultsOver(faults, schedule.size());
    faults.quiesce();
    restartAnyDown();
    long quiet = clock.now();
    watch.keepFrom(quiet);
    // The wall clock too, to read the services' logs (in the run directory) against the run.
    out.println(
        "chaos: window closed at +"
            + quiet / 1000
            + " s ("
            + java.time.LocalTime.now()
            + "); measuring convergence");
    // Placements (an identity on one scale set): wanted where its live pods' nodes are, off the
    // rest of the scale sets.
    Set<String> excluded = new HashSet<>(workload.invalidIdentities());
    excluded.addAll(protectedIds);
    Set<String> wantedOn = Placements.wantedOn(workload.wantedByScaleSet(), excluded);
    Set<String> wantedOff =
        Placements.wantedOff(
            watch.scaleSetNames(),
            workload.identities().stream().map(i -> lower(i.id())).toList(),
            wantedOn,
            excluded);
    long bound = settings.bound().toMillis();
    long deadline = quiet + Math.max(settings.settle().toMillis(), 3 * bound);
    while (clock.now() < deadline && !settledFor(watch, wantedOn, wantedOff, quiet, 3_000)) {
      Thread.sleep(300);
    }
    probing = false;
    timers.shutdownNow();
    loops.shutdownNow();
    loops.awaitTermination(TokenProbes.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    watch.sample();

    Convergence.Result convergence =
        Convergence.evaluate(quiet, wantedOn, wantedOff, bound, bound, watch.samples());
    List<String> ledger =
        watch.ledgerDisagreement(
            LedgerReader.ownedByTarget(stack.bootstrapServers()), protectedIds);
    MemoryFigures memory =
        new MemoryFigures(
            rssStart,
            Memory.rss(stack),
            heapStart,
            heapMark.get(),
            new LiveHeaps(workload.liveCount(), Memory.liveHeap(stack)));
    return figures(schedule, faults, workload, probes, watch, convergence, ledger, memory, bound);
  }

  private Figures figures(
      List<FaultSchedule.Fault> schedule,
      FaultInjector faults,
      Workload workload,
      TokenProbes probes,
      AzureWatch watch,
      Convergence.Result convergence,
      List<String> ledger,
      MemoryFigures memory,
      long bound) {
    List<String> oracle;
    synchronized (violations) {
      oracle = List.copyOf(violations);
    }
    List<Violation> all =
        Violation.among(
            oracle, watch.protectedRemoved(), convergence, ledger, memory, probes.hostile());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("pods", settings.pods());
    sizes.put("peak live pods", workload.peak());
    sizes.put("identities", settings.identities());
    sizes.put("nodes", settings.nodes());
    sizes.put("scale sets", settings.scaleSets());
    sizes.put("seconds", (int) settings.runTime().toSeconds());
    return new Figures(
        settings.command(),
        sizes,
        schedule,
        faults.injected(),
        workload.steps(),
        probes.verdicts(),
        probes.maxStaleness(),
        probes.failures(),
        probes.hostile(),
        watch.protectedRemoved(),
        convergence,
        bound,
        ledger,
        memory,
        all,
        settings.tolerated(),
        faults.notes(),
        0,
        "");
  }

  private void churn(Workload workload, FaultInjector faults, Random random) {
    // Enough moves for the population to turn over about four times in the window.
    long pauseMs = Math.max(20, settings.window().toMillis() / Math.max(1, 4L * settings.pods()));
    while (churning) {
      try {
        faults.writing(() -> workload.step(random, settings.pods()));
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        synchronized (violations) {
          violations.add("harness: workload step failed: " + e);
        }
      }
    }
  }

  private void probe(TokenProbes probes, Random random) {
    while (probing && !Thread.currentThread().isInterrupted()) {
      probes.legitimate(random);
      try {
        Thread.sleep(PROBE_PAUSE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void progress(Workload workload, FaultInjector faults, TokenProbes probes) {
    int total = faults.injected().values().stream().mapToInt(Integer::intValue).sum();
    int count;
    synchronized (violations) {
      count = violations.size();
    }
    out.printf(
        "chaos: +%3ds pods %d, faults %d %s, tokens %s, failed %d, violations %d%n",
        clock.now() / 1000,
        workload.liveCount(),
        total,
        faults.injected(),
        probes.verdicts(),
        probes.failures().values().stream().mapToLong(Long::longValue).sum(),
        count);
  }

  private void awaitFaultsOver(FaultInjector faults, int scheduled) throws InterruptedException {
    long until = clock.now() + 120_000;
    while (faults.injected().values().stream().mapToInt(Integer::intValue).sum() + errorCount()
            < scheduled
        && clock.now() < until) {
      Thread.sleep(200);
    }
  }

  private int errorCount() {
    synchronized (violations) {
      return (int) violations.stream().filter(v -> v.startsWith("fault ")).count();
    }
  }

  private void restartAnyDown() {
    for (String service : stack.services().names()) {
      if (!stack.services().isRunning(service)) {
        try {
          stack.services().restart(service);
        } catch (Exception e) {
          synchronized (violations) {
            violations.add("harness: " + service + " did not restart: " + e.getMessage());
          }
        }
      }
    }
  }

  private boolean settledFor(
      AzureWatch watch, Set<String> on, Set<String> off, long from, long millis) {
    List<Convergence.Sample> samples = watch.samples();
    if (samples.isEmpty()) {
      return false;
    }
    long now = samples.get(samples.size() - 1).atMillis();
    Convergence.Result r = Convergence.evaluate(from, on, off, 0, 0, samples);
    return r.lost().isEmpty()
        && r.notRemoved().isEmpty()
        && r.times().values().stream().allMatch(t -> from + t <= now - millis);
  }

  private void sleepUntil(long atMillis) throws InterruptedException {
    long wait = atMillis - clock.now();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
