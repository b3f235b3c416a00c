package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.core.ConfigIndex;
import dev.podidentity.assigner.core.PlannedIdentity;
import dev.podidentity.assigner.core.Planner;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.authorization.View;
import dev.podidentity.events.authorization.ViewState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The assigner and the NMI must never disagree on which identities a pod is bound to: over random
 * clusters (namespaced mode or not, identities valid, invalid, missing or namespaced by annotation,
 * bindings valid or not, exceptions, running, finished and terminating pods), the identities the
 * planner would put on the scale set for a pod are exactly those the authoriser grants it once they
 * are assigned, and a pod an exception covers is bypassed, never granted.
 */
class BindingResolutionPropertyTest {
  static final String NODE = "node-0";
  static final ComputeTarget TARGET = ComputeTarget.scaleSet("sub", "rg", "vmss");
  static final String[] NAMESPACES = {"default", "team"};
  static final String[] SELECTORS = {"s0", "s1", "s2"};
  static final String[] IDENTITIES = {"id0", "id1", "id2", "id3"};

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theAssignerAndTheNmiResolveEveryPodsBindingsAlike(long seed) {
    Random random = new Random(seed);
    boolean namespacedMode = random.nextBoolean();
    List<ConfigRecord> config = new ArrayList<>();
    for (String ns : NAMESPACES) {
      for (String name : IDENTITIES) {
        if (random.nextInt(4) > 0) {
          config.add(identity(ns, name, random.nextInt(4) == 0, random.nextInt(5) > 0));
        }
      }
      for (int b = 0; b < 4; b++) {
        boolean valid = random.nextInt(6) > 0;
        config.add(
            new BindingRecord(
                1,
                ns,
                "b" + b,
                IDENTITIES[random.nextInt(IDENTITIES.length)],
                SELECTORS[random.nextInt(SELECTORS.length)],
                valid,
                valid ? null : "broken",
                "1"));
      }
      if (random.nextInt(3) == 0) {
        config.add(new ExceptionRecord(1, ns, "exc", Map.of("app", "special"), "1"));
      }
    }
    List<PodRecord> pods = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pods.add(pod(i, random));
    }

    ConfigIndex index = new ConfigIndex(false);
    ViewState state = new ViewState(NODE);
    for (ConfigRecord c : config) {
      index.put(c);
      state.applyConfig(c.key(), c);
    }
    Planner planner = new Planner(namespacedMode);
    for (PodRecord pod : pods) {
      state.applyPod(Keys.of(pod), pod);
      // An assignment record that says every identity of the cluster is assigned to the pod, more
      // than any assigner would publish: the NMI decides from the bindings itself and never
      // trusts the assignment alone, so only its own resolution can limit what it grants.
      List<AssignedIdentity> assigned = new ArrayList<>();
      for (ConfigRecord c : config) {
        if (c instanceof IdentityRecord id) {
          assigned.add(
              new AssignedIdentity(
                  id.namespace(),
                  id.name(),
                  "any",
                  id.type(),
                  id.resourceId(),
                  id.clientId(),
                  "principal-" + id.clientId(),
                  AssignmentState.ASSIGNED,
                  null));
        }
      }
      if (!assigned.isEmpty()) {
        AssignmentRecord a =
            new AssignmentRecord(1, pod.uid(), pod.namespace(), pod.name(), NODE, TARGET, assigned);
        state.applyAssignment(Keys.of(a), a);
      }
    }
    state.markReplayed();
    View view = state.snapshot(0);
    Policy policy = new Policy(namespacedMode, false, Long.MAX_VALUE);

    for (PodRecord pod : pods) {
      Set<String> planned = new TreeSet<>();
      if (pod.active()) {
        for (PlannedIdentity p : planner.identitiesOf(pod, index)) {
          if (p.failure() == null) {
            planned.add(p.identity().namespace() + "/" + p.identity().name());
          }
        }
      }
      Set<String> granted = new TreeSet<>();
      boolean bypassed = false;
      for (ConfigRecord c : config) {
        if (!(c instanceof IdentityRecord id)) {
          continue;
        }
        TokenRequest ask = new TokenRequest(pod.podIps().get(0), "r", id.clientId(), null, null);
        Decision d = Authorizer.decideForPod(view, pod, ask, policy);
        if (d instanceof Decision.Grant g) {
          granted.add(g.identity().namespace() + "/" + g.identity().name());
        }
        bypassed |= d instanceof Decision.Bypass;
      }
      String where = "seed " + seed + ", pod " + pod.namespace() + "/" + pod.name();
      if (bypassed) {
        assertThat(granted).as(where + " (exception)").isEmpty();
      } else {
        assertThat(granted).as(where).isEqualTo(planned);
      }
    }
  }

  static IdentityRecord identity(String ns, String name, boolean namespaced, boolean valid) {
    return new IdentityRecord(
        1,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity"
            + "/userassignedidentities/"
            + ns
            + "-"
            + name,
        "client-" + ns + "-" + name,
        "tenant",
        null,
        null,
        null,
        null,
        namespaced,
        valid,
        valid ? null : "broken",
        "1");
  }

  static PodRecord pod(int i, Random random) {
    Map<String, String> labels = new HashMap<>();
    if (random.nextInt(5) > 0) {
      labels.put(PodRecord.BINDING_LABEL, SELECTORS[random.nextInt(SELECTORS.length)]);
    }
    if (random.nextInt(5) == 0) {
      labels.put("app", "special");
    }
    PodPhase phase =
        switch (random.nextInt(6)) {
          case 0 -> PodPhase.SUCCEEDED;
          case 1 -> PodPhase.FAILED;
          default -> PodPhase.RUNNING;
        };
    return new PodRecord(
        1,
        "uid-" + i,
        NAMESPACES[random.nextInt(NAMESPACES.length)],
        "pod-" + i,
        NODE,
        TARGET,
        List.of("10.0.0." + (i + 1)),
        phase,
        random.nextInt(8) == 0,
        false,
        labels,
        "1");
  }
}
