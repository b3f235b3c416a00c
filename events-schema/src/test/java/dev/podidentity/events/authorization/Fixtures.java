package dev.podidentity.events.authorization;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders of contract records for the core tests. */
public final class Fixtures {
  static final String NODE = "node-a";
  static final ComputeTarget TARGET = ComputeTarget.scaleSet("sub", "rg", "vmss-a");

  private Fixtures() {}

  static NodeRecord node() {
    return new NodeRecord(1, NODE, "azure:///x", TARGET, null, "1");
  }

  static PodRecord pod(String uid, String ns, String ip, String selector) {
    return pod(uid, ns, ip, selector, NODE, false, PodPhase.RUNNING, false);
  }

  static PodRecord pod(
      String uid,
      String ns,
      String ip,
      String selector,
      String node,
      boolean hostNetwork,
      PodPhase phase,
      boolean deleting) {
    Map<String, String> labels =
        selector == null ? Map.of("app", uid) : Map.of("app", uid, "aadpodidbinding", selector);
    return new PodRecord(
        1,
        uid,
        ns,
        "pod-" + uid,
        node,
        TARGET,
        ip == null ? List.of() : List.of(ip),
        phase,
        deleting,
        hostNetwork,
        labels,
        "1");
  }

  public static IdentityRecord identity(String ns, String name, String clientId) {
    return identity(ns, name, clientId, false, true);
  }

  static IdentityRecord identity(
      String ns, String name, String clientId, boolean namespaced, boolean valid) {
    return new IdentityRecord(
        1,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/"
            + name,
        clientId,
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

  /** An identity of {@code type}, federated or not, otherwise as {@link #identity}. */
  static IdentityRecord identity(
      String ns, String name, String clientId, IdentityType type, boolean federated) {
    IdentityRecord plain = identity(ns, name, clientId);
    return new IdentityRecord(
        plain.schemaVersion(),
        ns,
        name,
        type,
        plain.resourceId(),
        clientId,
        plain.tenantId(),
        null,
        null,
        null,
        null,
        false,
        federated,
        true,
        null,
        plain.resourceVersion());
  }

  static BindingRecord binding(String ns, String name, String identity, String selector) {
    return new BindingRecord(1, ns, name, identity, selector, true, null, "1");
  }

  static ExceptionRecord exception(String ns, String name, Map<String, String> labels) {
    return new ExceptionRecord(1, ns, name, labels, "1");
  }

  static AssignedIdentity assigned(IdentityRecord id, String binding, AssignmentState state) {
    return new AssignedIdentity(
        id.namespace(),
        id.name(),
        binding,
        id.type(),
        id.resourceId(),
        id.clientId(),
        "principal-" + id.name(),
        state,
        state == AssignmentState.FAILED ? "quota exceeded" : null);
  }

  static AssignmentRecord assignment(PodRecord pod, AssignedIdentity... identities) {
    return new AssignmentRecord(
        1, pod.uid(), pod.namespace(), pod.name(), pod.nodeName(), TARGET, List.of(identities));
  }

  /** A view builder: records are applied in the order given, as a consumer would. */
  static final class Builder {
    final ViewState state = new ViewState(NODE);
    final List<Runnable> steps = new ArrayList<>();

    Builder() {
      state.applyNode(NODE, node());
    }

    Builder with(PodRecord pod) {
      state.applyPod(Keys.of(pod), pod);
      return this;
    }

    Builder without(PodRecord pod) {
      state.applyPod(Keys.of(pod), null);
      return this;
    }

    Builder with(dev.podidentity.events.ConfigRecord c) {
      state.applyConfig(c.key(), c);
      return this;
    }

    Builder without(dev.podidentity.events.ConfigRecord c) {
      state.applyConfig(c.key(), null);
      return this;
    }

    Builder with(AssignmentRecord a) {
      state.applyAssignment(Keys.of(a), a);
      return this;
    }

    View view() {
      state.markReplayed();
      return state.snapshot(1_000L);
    }
  }

  static Builder view() {
    return new Builder();
  }
}
