package dev.podidentity.assigner.bench;

import dev.podidentity.assigner.core.AssignerState;
import dev.podidentity.assigner.core.Fixtures;
import dev.podidentity.assigner.core.Planner;
import dev.podidentity.assigner.core.TargetPlan;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P7: the planner at 10,000 pods, 2,000 identities and bindings, 100 scale sets; P7b: the same at
 * AKS's limits, 150,000 pods, 5,000 identities and bindings, 100 scale sets (5,000 nodes). One
 * operation is one change batch: 50 pods relabelled (a rollout), applied to the state, and every
 * affected target planned again, as the engine plans it ({@link
 * AssignerState#plan(ComputeTarget)}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlannerBenchmark {
  static final int TARGETS = 100;
  static final int BATCH = 50;

  /** The cluster's size as {@code pods/identities}: P7's, then P7b's. */
  @Param({"10000/2000", "150000/5000"})
  public String size;

  int pods;
  int identities;

  AssignerState state;
  Random random;

  @Setup
  public void setUp() {
    String[] parts = size.split("/");
    pods = Integer.parseInt(parts[0]);
    identities = Integer.parseInt(parts[1]);
    state = build(pods, identities);
    random = new Random(42);
  }

  /**
   * The state of a large cluster, as the assigner holds it after replay and every target's first
   * run (which plans it once in full; from then on its plan follows its pods).
   */
  static AssignerState build(int pods, int identities) {
    AssignerState s = new AssignerState(false, new Planner(false));
    for (int i = 0; i < identities; i++) {
      IdentityRecord id =
          Fixtures.userAssigned(
              "ns-" + (i % 20), "id-" + i, Fixtures.idOf("id-" + i), "client-" + i);
      s.config(id.key(), id);
      BindingRecord b =
          new BindingRecord(1, "ns-" + (i % 20), "b-" + i, "id-" + i, "sel-" + i, true, null, "1");
      s.config(b.key(), b);
    }
    for (int i = 0; i < pods; i++) {
      PodRecord p = pod(i, "sel-" + (i % identities));
      s.pod(Keys.of(p), p);
    }
    s.targets().forEach(s::plan);
    return s;
  }

  static PodRecord pod(int i, String selector) {
    ComputeTarget target = ComputeTarget.scaleSet("s", "rg", "vmss-" + (i % TARGETS));
    return new PodRecord(
        1,
        "uid-" + i,
        "ns-" + (i % 20),
        "pod-" + i,
        // 50 nodes per scale set: 5,000 nodes at 100 scale sets, AKS's limit.
        "node-" + (i % (TARGETS * 50)),
        target,
        List.of("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)),
        PodPhase.RUNNING,
        false,
        false,
        Map.of("aadpodidbinding", selector, "app", "a" + (i % 50)),
        "1");
  }

  @Benchmark
  public int changeBatch() {
    Set<ComputeTarget> affected = new HashSet<>();
    for (int i = 0; i < BATCH; i++) {
      int n = random.nextInt(pods);
      PodRecord p = pod(n, "sel-" + random.nextInt(identities));
      affected.addAll(state.pod(Keys.of(p), p));
    }
    int desired = 0;
    for (ComputeTarget t : affected) {
      TargetPlan plan = state.plan(t);
      desired += plan.desired().size();
    }
    return desired;
  }
}
