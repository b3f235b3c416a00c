package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan {@link AssignerState} keeps up to date as pods, nodes and config change is, at every
 * point of any history, the plan {@link Planner} makes from scratch, for every target: the same
 * reference counts (eager ones included) and the same pods with the same identities, in the same
 * order. Plans are asked for at random points, so the kept plans are both built and then updated.
 * Each seed is one reproducible history (seeded, as the module's other property tests are).
 */
class IncrementalPlanPropertyTest {
  static final ComputeTarget VMSS_C = ComputeTarget.scaleSet("sub", "rg", "pool-c");
  static final List<ComputeTarget> TARGETS = List.of(VMSS_A, VMSS_B, VMSS_C);
  static final List<String> IDENTITIES = List.of("id0", "id1", "id2", "id3");
  static final List<String> SELECTORS = List.of("s0", "s1", "s2");
  static final List<String> NAMESPACES = List.of("default", "team");

  /** One step of a history: a change to the state, or a plan asked for (and compared). */
  sealed interface Step {
    void applyTo(AssignerState state);
  }

  record PodChange(String key, PodRecord pod) implements Step {
    @Override
    public void applyTo(AssignerState state) {
      state.pod(key, pod);
    }
  }

  record NodeChange(String name, NodeRecord node) implements Step {
    @Override
    public void applyTo(AssignerState state) {
      state.node(name, node);
    }
  }

  record ConfigChange(String key, ConfigRecord record) implements Step {
    @Override
    public void applyTo(AssignerState state) {
      state.config(key, record);
    }
  }

  /** The pods of one partition went to another replica. */
  record ForgetPods(int parity) implements Step {
    @Override
    public void applyTo(AssignerState state) {
      state.forgetPods(key -> Math.floorMod(key.hashCode(), 2) == parity);
    }
  }

  record PlanNow() implements Step {
    @Override
    public void applyTo(AssignerState state) {}
  }

  static LongStream seeds() {
    return LongStream.range(0, 500);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void keptPlansEqualPlansFromScratch(long seed) {
    Random random = new Random(seed);
    Planner planner = new Planner(random.nextBoolean());
    AssignerState state = new AssignerState(random.nextBoolean(), planner);
    for (Step step : history(random)) {
      step.applyTo(state);
      if (step instanceof PlanNow) {
        assertSamePlans(state, planner);
      }
    }
    assertSamePlans(state, planner);
  }

  private static void assertSamePlans(AssignerState state, Planner planner) {
    for (ComputeTarget target : TARGETS) {
      assertThat(state.plan(target)).as(target.name()).isEqualTo(state.plan(planner, target));
    }
  }

  /** 1 to 80 steps; pod changes weigh most, as in a cluster. */
  static List<Step> history(Random r) {
    List<Step> steps = new ArrayList<>();
    int size = 1 + r.nextInt(80);
    for (int i = 0; i < size; i++) {
      int w = r.nextInt(17);
      if (w < 6) {
        steps.add(pod(r));
      } else if (w < 8) {
        steps.add(node(r));
      } else if (w < 10) {
        steps.add(identity(r));
      } else if (w < 12) {
        steps.add(binding(r));
      } else if (w < 13) {
        steps.add(exception(r));
      } else if (w < 14) {
        steps.add(new ForgetPods(r.nextInt(2)));
      } else {
        steps.add(new PlanNow());
      }
    }
    return steps;
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** One of the values, or null with this probability. */
  private static <T> T pickOrNull(Random r, List<T> values, double nullProbability) {
    return r.nextDouble() < nullProbability ? null : pick(r, values);
  }

  private static Step pod(Random r) {
    String ns = pick(r, NAMESPACES);
    int n = r.nextInt(6);
    ComputeTarget target = pickOrNull(r, TARGETS, 0.1);
    String sel = pickOrNull(r, SELECTORS, 0.15);
    PodPhase phase = pick(r, List.of(PodPhase.values()));
    boolean deleting = r.nextInt(8) == 0;
    int how = r.nextInt(5);
    // Mostly the watcher's key; some pods keep one key whatever their target, so that a key
    // moves between targets (and off any), which the state must follow as well. A uid has one
    // key either way, as the watcher's keys give it.
    boolean moving = how == 0;
    PodRecord p = Fixtures.pod(ns, (moving ? "m" : "p") + n, target, sel, phase, deleting);
    String key = moving ? "moving|" + p.uid() : Keys.of(p);
    return new PodChange(key, how == 1 ? null : p);
  }

  private static Step node(Random r) {
    String name = "node" + r.nextInt(5);
    ComputeTarget target = pickOrNull(r, TARGETS, 0.1);
    String pool = pickOrNull(r, List.of("poola", "poolb"), 0.3);
    return new NodeChange(name, r.nextInt(5) == 0 ? null : node(name, target, pool));
  }

  /** A node on a target, or (target null) on one the watcher could not parse. */
  private static NodeRecord node(String name, ComputeTarget target, String pool) {
    return new NodeRecord(
        Event.CURRENT_SCHEMA_VERSION,
        name,
        null,
        target,
        target == null ? "providerID not parsed" : null,
        pool,
        "1");
  }

  private static Step identity(Random r) {
    String ns = pick(r, NAMESPACES);
    String name = pick(r, IDENTITIES);
    int how = r.nextInt(7);
    ConfigRecord id =
        switch (how) {
          case 0 -> Fixtures.invalidIdentity(ns, name, "broken");
          case 1 -> Fixtures.namespacedIdentity(ns, name);
          case 2 -> Fixtures.servicePrincipal(ns, name);
          // The same identity switched to federation and back: it leaves and rejoins targets.
          case 4 -> Fixtures.federated(ns, name);
          // Two AzureIdentities of one cloud identity: their references add up.
          case 3 -> Fixtures.userAssigned(ns, name, Fixtures.idOf("id0"), "client-x");
          default -> Fixtures.identity(ns, name);
        };
    return new ConfigChange(id.key(), how == 6 ? null : id);
  }

  private static Step binding(Random r) {
    String ns = pick(r, NAMESPACES);
    String name = "b" + r.nextInt(4);
    String identity = pick(r, IDENTITIES);
    String selector = pick(r, SELECTORS);
    String eager = pickOrNull(r, List.of("true", "false", "poola", "poolb"), 0.5);
    int how = r.nextInt(6);
    ConfigRecord b =
        how == 1
            ? new BindingRecord(
                Event.CURRENT_SCHEMA_VERSION,
                ns,
                name,
                identity,
                selector,
                false,
                "invalid",
                eager,
                "1")
            : Fixtures.eagerBinding(ns, name, identity, selector, eager);
    return new ConfigChange(b.key(), how == 0 ? null : b);
  }

  private static Step exception(Random r) {
    ConfigRecord e =
        new ExceptionRecord(
            Event.CURRENT_SCHEMA_VERSION,
            "default",
            "e",
            Map.of("aadpodidbinding", pick(r, SELECTORS)),
            "1");
    return new ConfigChange(e.key(), e);
  }
}
