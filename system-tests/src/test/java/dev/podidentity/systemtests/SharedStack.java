package dev.podidentity.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.RepoRoot;
import dev.podidentity.local.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One stack for the whole test JVM, started by the first test class that needs it and stopped when
 * the JVM's test run ends. Scenarios isolate themselves by namespaces, selectors and identities.
 * Skips (assumption) when the service jars are not built.
 */
public final class SharedStack implements BeforeAllCallback {
  /** Node 2's NMI blocks instance metadata; nodes 0 and 1 share the scale set with it. */
  static final int NODES = 3;

  static final int BLOCKED_NODE = 2;

  /**
   * How long node 2's NMI lets a bound pod wait for its assignment before 503 + Retry-After. The
   * suite shortens it so a pending assignment outlasts it quickly; a benchmark keeps the default.
   */
  static final Duration PENDING_ASSIGNMENT_WAIT =
      Duration.ofSeconds(Boolean.getBoolean("benchmark") ? 20 : 2);

  static final String IMMUTABLE = "immutable-identity";

  private static LocalStack stack;
  private static Throwable failure;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path root = RepoRoot.find().orElse(null);
    assumeTrue(root != null, "the repository root cannot be found");
    for (String module : List.of("watcher-service", "assigner-service", "nmi-gateway")) {
      assumeTrue(
          Files.isRegularFile(RepoRoot.quarkusRunner(root, module)),
          module + " is not built (mvn install -DskipTests)");
    }
    synchronized (SharedStack.class) {
      if (failure != null) {
        throw new IllegalStateException("the shared stack failed to start", failure);
      }
      if (stack == null) {
        try {
          stack = LocalStack.start(options(root));
          // The node pool also has a system-assigned identity, enabled at cluster set-up as in
          // aad-pod-identity's e2e cluster; no assigner write may ever drop it.
          stack
              .simulator()
              .assignIdentities(
                  stack.scaleSetId(), stack.simulator().identitiesOf(stack.scaleSetId()), true);
        } catch (Exception | Error e) {
          failure = e;
          throw e;
        }
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put("podidentity-local-stack", (AutoCloseable) () -> stack.close());
      }
    }
  }

  static final double TIME_SCALE = Double.parseDouble(System.getProperty("stack.timeScale", "30"));

  /**
   * The NMI's budget for one token request's IMDS calls. The scenarios want a throttling IMDS to
   * end in 503 quickly; a benchmark measures the NMI as deployed (its default, 15 s): with 3 s, a
   * cold token whose IMDS call the loaded simulator answered after the budget became a 503 and a
   * retry by the client (11 of 42 IMDS calls in a 500-pod run), seconds added to the tail by the
   * harness.
   */
  static final String IMDS_BUDGET = Boolean.getBoolean("benchmark") ? "15s" : "3s";

  /** Whether the NMIs fetch tokens before pods ask (nmi.prefetch.enabled). */
  static final boolean PREFETCH =
      Boolean.parseBoolean(
          System.getProperty("stack.prefetch", Boolean.toString(Boolean.getBoolean("benchmark"))));

  static LocalStack stack() {
    return stack;
  }

  private static StackOptions options(Path root) {
    StackOptions options =
        Boolean.getBoolean("stack.staticMembership")
            ? StackOptions.defaults(root)
                .withEnv("assigner", "ASSIGNER_KAFKA_INSTANCE_ID", "assigner")
            : StackOptions.defaults(root);
    return options
        .withRunDir(root.resolve("system-tests/target/stack-" + System.currentTimeMillis()))
        .withNodes(NODES)
        // Short ARM operations and a fast simulated clock keep Azure's per-scale-set budgets
        // (4 PATCHes a minute) from dominating a suite that runs dozens of scenarios on one set.
        // Benchmarks set stack.timeScale=1 and a realistic stack.patchLatencyMs instead.
        .withPatchLatency(Duration.ofMillis(Long.getLong("stack.patchLatencyMs", 500)))
        .withTimeScale(TIME_SCALE)
        .withImmutableIdentities(List.of(IMMUTABLE))
        // The assigner's budgets follow the simulator's clock, so both count the same minute.
        .withEnv(
            "assigner",
            "ASSIGNER_BUDGET_TARGET_PER_MINUTE",
            Long.toString(Math.round(4 * TIME_SCALE)))
        .withEnv(
            "assigner",
            "ASSIGNER_BUDGET_TARGET_BURST",
            Long.toString(Math.max(12, Math.round(2 * TIME_SCALE))))
        .withEnv("assigner", "ASSIGNER_DRIFT_INTERVAL", "5s")
        .withEnv("assigner", "ASSIGNER_QUARANTINE_RETRY", "30s")
        .withEnv("nmi", "NMI_WAITS_UNKNOWN_POD", "10s")
        .withEnv("nmi", "NMI_IMDS_BUDGET", IMDS_BUDGET)
        // Benchmarks run the NMIs with prefetch, as a cluster using eager bindings would
        // (-Dstack.prefetch=false for the figures without it); the scenarios without, its default.
        .withEnv("nmi", "NMI_PREFETCH_ENABLED", Boolean.toString(PREFETCH))
        .withEnv("nmi-" + BLOCKED_NODE, "NMI_BLOCK_INSTANCE_METADATA", "true")
        .withEnv(
            "nmi-" + BLOCKED_NODE,
            "NMI_WAITS_ASSIGNMENT",
            PENDING_ASSIGNMENT_WAIT.toSeconds() + "s");
  }
}
