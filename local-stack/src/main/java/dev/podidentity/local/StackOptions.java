package dev.podidentity.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start the stack. Immutable; {@code with*} return changed copies.
 *
 * @param repoRoot the repository (holds each service module's {@code
 *     target/quarkus-app/quarkus-run.jar})
 * @param runDir where logs, broker data and the simulator's trust files go
 * @param nodes simulated nodes (scale-set instances), one NMI each
 * @param scaleSets node pools, one scale set each (1..nodes); nodes are spread round-robin over
 *     them ({@code core/NodePools}), so each pool has at least one node
 * @param kubeconfig a real cluster instead of the mock API server
 * @param patchLatency how long the simulator's scale-set PATCH runs
 * @param timeScale simulated seconds per real second for Azure's budgets
 * @param immutableIdentities identities created at start and declared immutable to the assigner
 *     (not put on any scale set: a test puts them there)
 * @param env extra environment per service: {@code watcher}, {@code assigner}, {@code nmi} (every
 *     node) or {@code nmi-<index>}
 * @param out where progress goes
 * @param kafkaSecurity how the services reach Kafka: PLAINTEXT, or a TLS listener of the broker as
 *     their own principal under the ACLs of their KafkaUser manifests
 */
public record StackOptions(
    Path repoRoot,
    Path runDir,
    int nodes,
    int scaleSets,
    Optional<Path> kubeconfig,
    Duration patchLatency,
    double timeScale,
    List<String> immutableIdentities,
    Map<String, Map<String, String>> env,
    PrintStream out,
    KafkaSecurity kafkaSecurity) {

  /** {@code --kafka-tls}: how the services authenticate to the broker. */
  public enum KafkaSecurity {
    /** The broker's PLAINTEXT listener, as before: no TLS, no ACLs. */
    PLAINTEXT,
    /** Mutual TLS, each service its own certificate ({@code User:CN=podidentity-<service>}). */
    MTLS,
    /** SASL_SSL with SCRAM-SHA-512, each service its own user ({@code User:podidentity-...}). */
    SCRAM
  }

  public StackOptions {
    if (nodes < 1 || nodes > 50) {
      throw new IllegalArgumentException("--nodes must be 1..50, not " + nodes);
    }
    if (scaleSets < 1 || scaleSets > nodes) {
      throw new IllegalArgumentException(
          "--scale-sets must be 1.." + nodes + " (at most one per node), not " + scaleSets);
    }
    if (patchLatency.isNegative()) {
      throw new IllegalArgumentException("patch latency must not be negative");
    }
    if (timeScale <= 0) {
      throw new IllegalArgumentException("time scale must be positive");
    }
    immutableIdentities = List.copyOf(immutableIdentities);
    env = Map.copyOf(env);
    java.util.Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
  }

  /**
   * Two nodes in one pool, the mock API, 2 s PATCHes, run directory under {@code
   * target/local-stack/}.
   */
  public static StackOptions defaults(Path repoRoot) {
    Path runDir =
        repoRoot
            .resolve("local-stack/target/local-stack")
            .resolve("run-" + java.time.LocalDateTime.now().toString().replace(':', '-'));
    return new StackOptions(
        repoRoot,
        runDir,
        2,
        1,
        Optional.empty(),
        Duration.ofSeconds(2),
        1.0,
        List.of(),
        Map.of(),
        System.out,
        KafkaSecurity.PLAINTEXT);
  }

  public StackOptions withNodes(int n) {
    return with(c -> c.nodes = n);
  }

  /** Node pools, one scale set each; at most {@link #nodes}, so set the nodes first. */
  public StackOptions withScaleSets(int pools) {
    return with(c -> c.scaleSets = pools);
  }

  public StackOptions withRunDir(Path dir) {
    return with(c -> c.runDir = dir);
  }

  public StackOptions withKubeconfig(Path file) {
    return with(c -> c.kubeconfig = Optional.ofNullable(file));
  }

  public StackOptions withPatchLatency(Duration d) {
    return with(c -> c.patchLatency = d);
  }

  public StackOptions withTimeScale(double scale) {
    return with(c -> c.timeScale = scale);
  }

  public StackOptions withImmutableIdentities(List<String> names) {
    return with(c -> c.immutableIdentities = names);
  }

  public StackOptions withOut(PrintStream stream) {
    return with(c -> c.out = stream);
  }

  public StackOptions withKafkaSecurity(KafkaSecurity security) {
    return with(c -> c.kafkaSecurity = security);
  }

  /** Adds one environment variable for a service ({@code watcher}, {@code assigner}, ...). */
  public StackOptions withEnv(String service, String key, String value) {
    Map<String, Map<String, String>> copy = new HashMap<>(env);
    Map<String, String> forService = new HashMap<>(copy.getOrDefault(service, Map.of()));
    forService.put(key, value);
    copy.put(service, Map.copyOf(forService));
    return with(c -> c.env = copy);
  }

  /** A copy with {@code change} made to its fields (checked again by the constructor). */
  private StackOptions with(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new StackOptions(
        c.repoRoot,
        c.runDir,
        c.nodes,
        c.scaleSets,
        c.kubeconfig,
        c.patchLatency,
        c.timeScale,
        c.immutableIdentities,
        c.env,
        c.out,
        c.kafkaSecurity);
  }

  /** The fields of a copy being changed. */
  private static final class Copy {
    Path repoRoot;
    Path runDir;
    int nodes;
    int scaleSets;
    Optional<Path> kubeconfig;
    Duration patchLatency;
    double timeScale;
    List<String> immutableIdentities;
    Map<String, Map<String, String>> env;
    PrintStream out;
    KafkaSecurity kafkaSecurity;

    Copy(StackOptions o) {
      repoRoot = o.repoRoot;
      runDir = o.runDir;
      nodes = o.nodes;
      scaleSets = o.scaleSets;
      kubeconfig = o.kubeconfig;
      patchLatency = o.patchLatency;
      timeScale = o.timeScale;
      immutableIdentities = o.immutableIdentities;
      env = o.env;
      out = o.out;
      kafkaSecurity = o.kafkaSecurity;
    }
  }

  Map<String, String> envFor(String service) {
    return env.getOrDefault(service, Map.of());
  }
}
