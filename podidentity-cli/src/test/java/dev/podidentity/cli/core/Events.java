package dev.podidentity.cli.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Contract records for the core's table tests, built short. */
final class Events {
  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final ComputeTarget POOL_A = ComputeTarget.scaleSet(SUB, "rg", "pool-a");
  static final ComputeTarget POOL_B = ComputeTarget.scaleSet(SUB, "rg", "pool-b");
  static final ComputeTarget VM = ComputeTarget.virtualMachine(SUB, "rg", "vm-1");

  private Events() {}

  static String providerId(ComputeTarget t, String instance) {
    return t.kind() == ComputeTarget.Kind.SCALE_SET
        ? "azure://" + t.armId() + "/virtualmachines/" + instance
        : "azure://" + t.armId();
  }

  static NodeRecord node(String name, ComputeTarget t) {
    return NodeRecord.of(name, providerId(t, name.substring(name.length() - 1)), "1");
  }

  static PodRecord pod(String uid, String node, ComputeTarget t, PodPhase phase, String selector) {
    Map<String, String> labels = new HashMap<>();
    if (selector != null) {
      labels.put(PodRecord.BINDING_LABEL, selector);
    }
    return new PodRecord(
        1, uid, "apps", "pod-" + uid, node, t, List.of(), phase, false, false, labels, "1");
  }

  static PodRecord deleting(PodRecord p) {
    return new PodRecord(
        1,
        p.uid(),
        p.namespace(),
        p.name(),
        p.nodeName(),
        p.target(),
        p.podIps(),
        p.phase(),
        true,
        false,
        p.labels(),
        "2");
  }

  static String id(String name) {
    return "/subscriptions/"
        + SUB
        + "/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/"
        + name;
  }

  static IdentityRecord identity(String name) {
    return identity(name, false);
  }

  /** A valid type 0 identity, {@code federated} as its annotation says. */
  static IdentityRecord identity(String name, boolean federated) {
    return new IdentityRecord(
        1,
        "apps",
        name,
        IdentityType.USER_ASSIGNED_MSI,
        id(name),
        "11111111-1111-1111-1111-111111111111",
        null,
        null,
        List.of(),
        null,
        null,
        false,
        federated,
        true,
        null,
        "1");
  }

  static BindingRecord binding(String name, String identity, String selector) {
    return new BindingRecord(1, "apps", name, identity, selector, true, null, "1");
  }

  static ExceptionRecord exception(String name, Map<String, String> labels) {
    return new ExceptionRecord(1, "kube-system", name, labels, "1");
  }

  /** An identity of an assignment: name (also its resource id's last segment) and state. */
  static AssignedIdentity assigned(String name, AssignmentState state) {
    return new AssignedIdentity(
        "apps",
        name,
        name + "-binding",
        IdentityType.USER_ASSIGNED_MSI,
        id(name),
        null,
        null,
        state,
        state == AssignmentState.FAILED ? "quarantined" : null);
  }

  static AssignmentRecord assignment(String uid, ComputeTarget t, AssignedIdentity... ids) {
    return new AssignmentRecord(1, uid, "apps", "pod-" + uid, "node", t, Arrays.asList(ids));
  }

  static LedgerRecord ledger(ComputeTarget t, LedgerRecord.Intent intent, String... owned) {
    List<String> ids = new ArrayList<>();
    for (String o : owned) {
      ids.add(id(o));
    }
    return new LedgerRecord(1, t, ids, intent);
  }

  /** The topics' latest values as {@code EventLog.latest} answers them; null is unreadable. */
  static Map<String, Map<String, Optional<Event>>> topics(Event... events) {
    Map<String, Map<String, Optional<Event>>> out = new LinkedHashMap<>();
    int n = 0;
    for (Event e : events) {
      String topic = e == null ? Topics.PODS : topicOf(e);
      out.computeIfAbsent(topic, t -> new LinkedHashMap<>()).put("k" + n++, Optional.ofNullable(e));
    }
    return out;
  }

  static Replay replay(Event... events) {
    return Replay.of(topics(events));
  }

  private static String topicOf(Event e) {
    if (e instanceof NodeRecord) {
      return Topics.NODES;
    }
    if (e instanceof PodRecord) {
      return Topics.PODS;
    }
    if (e instanceof AssignmentRecord) {
      return Topics.ASSIGNMENTS;
    }
    if (e instanceof LedgerRecord) {
      return Topics.LEDGER;
    }
    return Topics.CONFIG;
  }
}
