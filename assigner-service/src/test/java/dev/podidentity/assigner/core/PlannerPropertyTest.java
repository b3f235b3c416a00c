package dev.podidentity.assigner.core;

import static dev.podidentity.assigner.core.Fixtures.VMSS_A;
import static dev.podidentity.assigner.core.Fixtures.VMSS_B;
import static dev.podidentity.assigner.core.Fixtures.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random event sequences: the plan never lets a referenced or foreign identity be
 * removed, replaying changes nothing, and the final plan does not depend on how the histories of
 * different objects interleave.
 */
class PlannerPropertyTest {
  static final List<ComputeTarget> TARGETS = List.of(VMSS_A, VMSS_B);
  static final String[] IDENTITIES = {"id0", "id1", "id2", "id3", "id4"};
  static final String[] SELECTORS = {"s0", "s1", "s2"};
  static final String[] NAMESPACES = {"default", "team"};

  /** One change on a topic: key and value, null value = tombstone. */
  record Change(String topic, String key, Object value) {}

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void neverRemovesAReferencedOrForeignIdentity(long seed) {
    Random random = new Random(seed);
    AssignerState state = apply(new AssignerState(), history(random));
    for (ComputeTarget target : TARGETS) {
      TargetPlan plan = state.plan(new Planner(random.nextBoolean()), target);
      Map<String, CloudIdentity> actual = new HashMap<>();
      List<String> owned = new ArrayList<>();
      for (String name : IDENTITIES) {
        if (random.nextBoolean()) {
          actual.put(idOf(name), Fixtures.cloud(name));
        }
        if (random.nextBoolean()) {
          owned.add(idOf(name));
        }
      }
      Protection protection = new Protection(List.of("client-" + IDENTITIES[random.nextInt(5)]));

      Delta delta = Delta.between(plan.desired().keySet(), actual, owned, Set.of(), protection);

      for (String removed : delta.remove()) {
        assertThat(plan.referenceCount(removed)).as("referenced %s", removed).isZero();
        assertThat(owned).as("owned").contains(removed);
        assertThat(protection.test(actual.get(removed))).as("protected").isFalse();
      }
      assertThat(delta.add()).allSatisfy(id -> assertThat(plan.referenceCount(id)).isPositive());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replayingAnyPrefixAgainChangesNothing(long seed) {
    Random random = new Random(seed);
    List<Change> history = history(random);
    AssignerState once = apply(new AssignerState(), history);
    Map<ComputeTarget, TargetPlan> before = plans(once);

    // A consumer that restarts re-reads from some offset; a compacted topic replays latest values.
    List<Change> replay =
        new ArrayList<>(history.subList(random.nextInt(history.size()), history.size()));
    replay.addAll(latestPerKey(history));
    apply(once, replay);

    assertThat(plans(once)).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void finalPlanDoesNotDependOnHowHistoriesInterleave(long seed) {
    Random random = new Random(seed);
    List<Change> history = history(random);

    List<Change> shuffled = interleaveDifferently(history, random);

    assertThat(plans(apply(new AssignerState(), shuffled)))
        .isEqualTo(plans(apply(new AssignerState(), history)));
  }

  static Map<ComputeTarget, TargetPlan> plans(AssignerState state) {
    Map<ComputeTarget, TargetPlan> out = new HashMap<>();
    for (ComputeTarget t : TARGETS) {
      out.put(t, state.plan(new Planner(false), t));
    }
    return out;
  }

  static AssignerState apply(AssignerState state, List<Change> changes) {
    for (Change c : changes) {
      if (c.topic().equals("pods")) {
        state.pod(c.key(), (PodRecord) c.value());
      } else {
        state.config(c.key(), (ConfigRecord) c.value());
      }
    }
    return state;
  }

  /** Random creates, updates and deletes of pods, identities and bindings. */
  static List<Change> history(Random random) {
    List<Change> out = new ArrayList<>();
    int n = 20 + random.nextInt(60);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(3);
      String ns = NAMESPACES[random.nextInt(NAMESPACES.length)];
      boolean delete = random.nextInt(6) == 0;
      if (kind == 0) {
        String name = "p" + random.nextInt(8);
        ComputeTarget target = TARGETS.get(random.nextInt(TARGETS.size()));
        PodRecord pod =
            Fixtures.pod(
                ns,
                name,
                target,
                random.nextInt(5) == 0 ? null : SELECTORS[random.nextInt(SELECTORS.length)],
                PodPhase.values()[random.nextInt(3)],
                random.nextInt(8) == 0);
        // One pod keeps its uid and key; only its state changes.
        String key = Keys.of(pod);
        out.add(new Change("pods", key, delete ? null : pod));
      } else if (kind == 1) {
        String name = IDENTITIES[random.nextInt(IDENTITIES.length)];
        ConfigRecord id =
            random.nextInt(5) == 0
                ? Fixtures.invalidIdentity(ns, name, "broken")
                : random.nextBoolean()
                    ? Fixtures.identity(ns, name)
                    : Fixtures.namespacedIdentity(ns, name);
        out.add(new Change("config", id.key(), delete ? null : id));
      } else {
        String identity = IDENTITIES[random.nextInt(IDENTITIES.length)];
        ConfigRecord b =
            Fixtures.binding(
                ns, "b-" + identity + random.nextInt(2), identity, SELECTORS[random.nextInt(3)]);
        out.add(new Change("config", b.key(), delete ? null : b));
      }
    }
    return out;
  }

  static List<Change> latestPerKey(List<Change> history) {
    Map<String, Change> latest = new LinkedHashMap<>();
    for (Change c : history) {
      latest.remove(c.topic() + c.key());
      latest.put(c.topic() + c.key(), c);
    }
    return new ArrayList<>(latest.values());
  }

  /** Another interleaving that keeps each key's own order (what Kafka guarantees, and no more). */
  static List<Change> interleaveDifferently(List<Change> history, Random random) {
    Map<String, List<Change>> perKey = new LinkedHashMap<>();
    for (Change c : history) {
      perKey.computeIfAbsent(c.topic() + c.key(), k -> new ArrayList<>()).add(c);
    }
    List<String> keys = new ArrayList<>(perKey.keySet());
    List<Change> out = new ArrayList<>();
    Map<String, Integer> next = new HashMap<>();
    TreeSet<String> remaining = new TreeSet<>(keys);
    while (!remaining.isEmpty()) {
      List<String> choices = new ArrayList<>(remaining);
      Collections.shuffle(choices, random);
      String k = choices.get(0);
      int i = next.getOrDefault(k, 0);
      out.add(perKey.get(k).get(i));
      if (i + 1 == perKey.get(k).size()) {
        remaining.remove(k);
      } else {
        next.put(k, i + 1);
      }
    }
    return out;
  }
}
