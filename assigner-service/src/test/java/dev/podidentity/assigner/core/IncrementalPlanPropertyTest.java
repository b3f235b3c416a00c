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
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The plan {@link AssignerState} keeps up to date as pods, nodes and config change is, at every
 * point of any history, the plan {@link Planner} makes from scratch, for every target: the same
 * reference counts (eager ones included) and the same pods with the same identities, in the same
 * order. Plans are asked for at random points, so the kept plans are both built and then updated.
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

  @Property(tries = 500)
  void keptPlansEqualPlansFromScratch(
      @ForAll boolean eagerByDefault,
      @ForAll boolean namespacedMode,
      @ForAll("histories") List<Step> history) {
    Planner planner = new Planner(namespacedMode);
    AssignerState state = new AssignerState(eagerByDefault, planner);
    for (Step step : history) {
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

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(
            Tuple.of(6, pods()),
            Tuple.of(2, nodes()),
            Tuple.of(2, identities()),
            Tuple.of(2, bindings()),
            Tuple.of(1, exceptions()),
            Tuple.of(1, Arbitraries.integers().between(0, 1).map(ForgetPods::new)),
            Tuple.of(3, Arbitraries.just(new PlanNow())));
    return step.list().ofMinSize(1).ofMaxSize(80);
  }

  private static Arbitrary<Step> pods() {
    return Combinators.combine(
            Arbitraries.of(NAMESPACES),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(VMSS_A, VMSS_B, VMSS_C).injectNull(0.1),
            Arbitraries.of(SELECTORS).injectNull(0.15),
            Arbitraries.of(PodPhase.values()),
            Arbitraries.integers().between(0, 7).map(n -> n == 0),
            Arbitraries.integers().between(0, 4))
        .as(
            (ns, n, target, sel, phase, deleting, how) -> {
              // Mostly the watcher's key; some pods keep one key whatever their target, so that
              // a key moves between targets (and off any), which the state must follow as well.
              // A uid has one key either way, as the watcher's keys give it.
              boolean moving = how == 0;
              PodRecord p =
                  Fixtures.pod(ns, (moving ? "m" : "p") + n, target, sel, phase, deleting);
              String key = moving ? "moving|" + p.uid() : Keys.of(p);
              return new PodChange(key, how == 1 ? null : p);
            });
  }

  private static Arbitrary<Step> nodes() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.of(VMSS_A, VMSS_B, VMSS_C).injectNull(0.1),
            Arbitraries.of("poola", "poolb").injectNull(0.3),
            Arbitraries.integers().between(0, 4))
        .as(
            (n, target, pool, delete) ->
                new NodeChange("node" + n, delete == 0 ? null : node("node" + n, target, pool)));
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

  private static Arbitrary<Step> identities() {
    return Combinators.combine(
            Arbitraries.of(NAMESPACES),
            Arbitraries.of(IDENTITIES),
            Arbitraries.integers().between(0, 6))
        .as(
            (ns, name, how) -> {
              ConfigRecord id =
                  switch (how) {
                    case 0 -> Fixtures.invalidIdentity(ns, name, "broken");
                    case 1 -> Fixtures.namespacedIdentity(ns, name);
                    case 2 -> Fixtures.servicePrincipal(ns, name);
                    // Two AzureIdentities of one cloud identity: their references add up.
                    case 3 -> Fixtures.userAssigned(ns, name, Fixtures.idOf("id0"), "client-x");
                    default -> Fixtures.identity(ns, name);
                  };
              return new ConfigChange(id.key(), how == 6 ? null : id);
            });
  }

  private static Arbitrary<Step> bindings() {
    return Combinators.combine(
            Arbitraries.of(NAMESPACES),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(IDENTITIES),
            Arbitraries.of(SELECTORS),
            Arbitraries.of("true", "false", "poola", "poolb").injectNull(0.5),
            Arbitraries.integers().between(0, 5))
        .as(
            (ns, n, identity, selector, eager, how) -> {
              ConfigRecord b =
                  how == 1
                      ? new BindingRecord(
                          Event.CURRENT_SCHEMA_VERSION,
                          ns,
                          "b" + n,
                          identity,
                          selector,
                          false,
                          "invalid",
                          eager,
                          "1")
                      : Fixtures.eagerBinding(ns, "b" + n, identity, selector, eager);
              return new ConfigChange(b.key(), how == 0 ? null : b);
            });
  }

  private static Arbitrary<Step> exceptions() {
    return Arbitraries.of(SELECTORS)
        .map(
            sel -> {
              ConfigRecord e =
                  new ExceptionRecord(
                      Event.CURRENT_SCHEMA_VERSION,
                      "default",
                      "e",
                      Map.of("aadpodidbinding", sel),
                      "1");
              return new ConfigChange(e.key(), e);
            });
  }
}
