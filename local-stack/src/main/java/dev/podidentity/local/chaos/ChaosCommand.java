package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.RepoRoot;
import dev.podidentity.local.StackOptions;
import dev.podidentity.local.chaos.core.FaultKind;
import dev.podidentity.local.chaos.core.Figures;
import dev.podidentity.local.chaos.core.ReliabilityReport;
import dev.podidentity.local.chaos.core.Violation;
import dev.podidentity.local.process.Readiness.StartFailure;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/chaos}: the local stack under churn, faults and attack, judged by an oracle. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the local stack, churns pods and bindings across identities while a seeded fault"
          + " schedule (printed at start) kills and restarts the services and the broker, storms"
          + " ARM and IMDS, restarts the Kubernetes API,"
          + " sends hostile requests (from other namespaces too) and bad records; an oracle checks every token, the"
          + " identities that must stay, and convergence after the last fault. Writes"
          + " RELIABILITY.md (--smoke: target/reliability-smoke.md). Exit 0 when no promise was"
          + " broken, 1 otherwise."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Option(
      names = "--seed",
      description = "Seeds the schedule and the workload. Default: 1 with --smoke, else the time.")
  Long seed;

  @Option(names = "--minutes", description = "Run time, settling included. Default 10.")
  Double minutes;

  @Option(names = "--pods", description = "Pods the workload churns around. Default 1000.")
  Integer pods;

  @Option(names = "--identities", description = "Identities, one binding each. Default 100.")
  Integer identities;

  @Option(names = "--nodes", description = "Nodes (one NMI each). Default 3.")
  Integer nodes;

  @Option(names = "--faults", description = "Faults in the schedule (at least one of each kind).")
  Integer faults;

  @Option(
      names = "--scale-sets",
      description =
          "Scale sets (node pools), the nodes spread over them in turn; at most --nodes."
              + " Default 3 (--smoke: 1).")
  Integer scaleSets;

  @Option(
      names = "--smoke",
      description =
          "CI's size: 60 pods, 10 identities, 2 nodes on 1 scale set, 45 s (30 s of faults and churn, then"
              + " settling), every fault kind once, seed 1;"
              + " writes target/reliability-smoke.md.")
  boolean smoke;

  @Option(
      names = "--namespaced",
      description =
          "Runs the assigner and the NMIs in namespaced mode (pod, binding and identity in one"
              + " namespace; aad-pod-identity's --forceNamespaced).")
  boolean namespaced;

  @Option(
      names = "--report-late",
      description =
          "Reports identities that converged later than the bound without failing on them, for a"
              + " machine too loaded to judge time by (every other broken promise still fails the"
              + " run). CI does not pass it.")
  boolean reportLate;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path root =
        RepoRoot.find()
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        new CommandLine(this), "cannot find the repository: set PODIDENTITY_HOME"));
    // CI's smoke repeats one schedule, so a red build is the same run on any machine.
    long runSeed = seed != null ? seed : smoke ? 1 : System.currentTimeMillis() % 1_000_000;
    double runMinutes = minutes != null ? minutes : smoke ? 0.75 : 10;
    int p = pods != null ? pods : smoke ? 60 : 1000;
    int ids = identities != null ? identities : smoke ? 10 : 100;
    int n = nodes != null ? nodes : smoke ? 2 : 3;
    int pools = scaleSets != null ? scaleSets : smoke ? 1 : 3;
    if (pools < 1 || pools > n) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--scale-sets must be 1.." + n + " (at most --nodes)");
    }
    int f =
        faults != null
            ? faults
            : smoke ? FaultKind.values().length : (int) Math.round(runMinutes * 12);
    String command =
        String.format(
                "bin/chaos --seed %d --minutes %s --pods %d --identities %d --nodes %d"
                    + " --scale-sets %d --faults %d",
                runSeed, runMinutes, p, ids, n, pools, f)
            + (namespaced ? " --namespaced" : "")
            + (reportLate ? " --report-late" : "");
    Path report = root.resolve(smoke ? "target/reliability-smoke.md" : "RELIABILITY.md");
    ChaosSettings settings =
        new ChaosSettings(
            runSeed,
            Duration.ofMillis((long) (runMinutes * 60_000)),
            p,
            ids,
            n,
            pools,
            f,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            report,
            command,
            namespaced,
            tolerated());
    long t0 = System.nanoTime();
    out.println("chaos: " + command);
    LocalStack stack;
    try {
      stack = LocalStack.start(options(root, settings));
    } catch (StartFailure e) {
      out.println("chaos: the stack did not start: " + e.getMessage());
      e.process().tail(40).forEach(l -> out.println("  " + l));
      return 1;
    }
    Figures figures;
    try (stack) {
      figures = new ChaosRun(stack, settings, out).run();
    }
    figures = withWall(figures, Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Files.createDirectories(report.getParent());
    Files.writeString(report, ReliabilityReport.render(figures, date));
    out.println("chaos: report " + report);
    figures.violations().forEach(v -> out.println("chaos: VIOLATION " + v));
    out.println(
        "chaos: " + figures.violations().size() + " violations in " + figures.wallSeconds() + " s");
    if (figures.failing().size() < figures.violations().size()) {
      out.println("chaos: " + figures.tolerated() + " reported, not failed");
    }
    return Violation.exitCode(figures.violations(), figures.tolerated());
  }

  /** Late convergence fails the run, at every size, unless {@code --report-late} is given. */
  private Set<Violation.Kind> tolerated() {
    return reportLate
        ? EnumSet.of(Violation.Kind.LATE_CONVERGENCE)
        : EnumSet.noneOf(Violation.Kind.class);
  }

  /**
   * The stack for a run: a fast simulated clock for Azure's budgets (as the system tests use) and
   * short timeouts, so that a fault's effect ends inside the window and convergence is the
   * system's, not a timer's. Each is named in RELIABILITY.md's command line via the defaults here.
   */
  private static StackOptions options(Path root, ChaosSettings s) {
    double timeScale = 30;
    StackOptions options = StackOptions.defaults(root);
    if (s.namespaced()) {
      options =
          options
              .withEnv("assigner", "ASSIGNER_NAMESPACED", "true")
              .withEnv("nmi", "NMI_NAMESPACED", "true");
    }
    return options
        .withRunDir(root.resolve("local-stack/target/chaos/run-" + System.currentTimeMillis()))
        .withNodes(s.nodes())
        .withScaleSets(s.scaleSets())
        .withPatchLatency(s.patchLatency())
        .withTimeScale(timeScale)
        .withEnv("assigner", "ASSIGNER_BUDGET_TARGET_PER_MINUTE", Long.toString(4 * 30))
        .withEnv("assigner", "ASSIGNER_BUDGET_TARGET_BURST", "60")
        .withEnv(
            "assigner",
            "ASSIGNER_CLOUD_REQUEST_TIMEOUT",
            ChaosSettings.REQUEST_TIMEOUT.toSeconds() + "s")
        // An identity ARM refused (403 LinkedAuthorizationFailed) is tried again after this: the
        // refusals end when the window closes, and a 5 s wait left alone breaks the 4 s bound the
        // way the backoff below did. Like the backoff, capped at the Retry-After injected.
        .withEnv("assigner", "ASSIGNER_QUARANTINE_RETRY", s.retryAfter().toSeconds() + "s")
        // The backoff after a 409 doubles up to 2 min by default: waited out after the last fault
        // it alone breaks the bound. (After 5xx it ends at the first successful read since the
        // first full run found it waited out, 80 s.) Capped at the Retry-After injected, the
        // bound holds what the system does once ARM answers again.
        .withEnv("assigner", "ASSIGNER_BACKOFF_MAX", s.retryAfter().toSeconds() + "s")
        .withEnv("assigner", "ASSIGNER_DRIFT_INTERVAL", "5s");
  }

  private static Figures withWall(Figures f, long seconds) {
    return new Figures(
        f.command(),
        f.sizes(),
        f.schedule(),
        f.faults(),
        f.steps(),
        f.tokens(),
        f.maxStalenessMillis(),
        f.failedByCause(),
        f.hostile(),
        f.protectedRemoved(),
        f.convergence(),
        f.boundMillis(),
        f.ledger(),
        f.memory(),
        f.violations(),
        f.tolerated(),
        f.notes(),
        seconds,
        load());
  }

  private static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "n/a";
    }
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.exit(new CommandLine(new ChaosCommand()).execute(args));
  }
}
