package dev.podidentity.cli.core;

import dev.podidentity.cli.core.Explanation.Step;
import dev.podidentity.cli.core.Explanation.Verdict;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.Bindings;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The identity half of an {@link Explanation}: each bound identity's type and validity, the pod's
 * node and compute target, each identity's assignment state on that target (a pending one with the
 * target's wait, when the ledger says it waits) and what the ledger says about ownership there.
 */
final class AssignmentSteps {
  /** The assigner's counter of 429s from ARM, as Prometheus names it. */
  static final String THROTTLED_METRIC = "podidentity_assigner_cloud_throttled";

  private final PodFacts facts;
  private final List<Step> steps;
  private final Instant now;

  AssignmentSteps(PodFacts facts, List<Step> steps, Instant now) {
    this.facts = facts;
    this.steps = steps;
    this.now = now;
  }

  /**
   * Steps for {@code bound} (every binding that selects the pod) and {@code valid} (the NMI's list
   * of the valid identities among them, in its order).
   */
  void identities(List<Bindings.Bound> bound, List<IdentityRecord> valid) {
    for (Bindings.Bound b : bound) {
      IdentityRecord id = b.identity();
      if (id != null) {
        add(
            id.valid() ? Verdict.OK : Verdict.PROBLEM,
            "AzureIdentity "
                + id.namespace()
                + "/"
                + id.name()
                + ": "
                + kind(id)
                + describe("resource id", id.resourceId())
                + describe("client id", id.clientId())
                + (id.valid() ? ", valid" : ", invalid: " + id.invalidReason()));
      }
    }
    if (valid.isEmpty()) {
      return;
    }
    ComputeTarget target = node();
    Waiting waiting = target == null ? null : Waiting.of(facts.ledger(), now);
    boolean unexplained = false;
    for (IdentityRecord id : valid) {
      boolean onTarget = id.needsCloudAssignment() && target != null;
      boolean pending = assignment(id, target, onTarget ? waiting : null);
      unexplained |= pending && (!onTarget || waiting == null);
      if (onTarget) {
        ledger(id, target);
      }
    }
    if (unexplained) {
      add(
          Verdict.INFO,
          "the ledger shows no wait on "
              + (target == null ? "the target" : target(target))
              + " (ARM's 429, a backoff, the assigner's budget); an assigner older than that"
              + " record says nothing either way: see its metric "
              + THROTTLED_METRIC
              + " and its log");
    }
  }

  /** The node's compute target, with a step about it; null when the node has none. */
  private ComputeTarget node() {
    NodeRecord node = facts.node();
    String name = facts.nodeName();
    if (node == null) {
      add(
          Verdict.PROBLEM,
          "the event log has no record of node " + name + ": its compute target is not known");
      return facts.logged() == null ? null : facts.logged().target();
    }
    if (!node.managed()) {
      add(
          Verdict.PROBLEM,
          "node "
              + name
              + " is unmanaged ("
              + node.unmanagedReason()
              + "): identities are never assigned to its pods");
      return null;
    }
    add(Verdict.OK, "node " + name + " runs on " + target(node.target()));
    return node.target();
  }

  /**
   * A step on the identity's state, a pending one with {@code waiting} (the target's wait, null
   * when none); answers whether it is still pending.
   */
  private boolean assignment(IdentityRecord id, ComputeTarget target, Waiting waiting) {
    String name = id.namespace() + "/" + id.name();
    AssignedIdentity state = stateOf(id);
    String where = target == null ? "" : " on " + target(target);
    String wait =
        waiting == null
            ? ""
            : "; the "
                + (target.kind() == ComputeTarget.Kind.SCALE_SET ? "scale set" : "VM")
                + (waiting.ahead() ? " is " : " ")
                + waiting.text();
    if (state == null) {
      add(
          Verdict.INFO,
          name
              + " is pending: the assigner has published no assignment of it for this pod yet"
              + wait);
      return true;
    }
    if (state.state() == AssignmentState.CREATED) {
      add(
          Verdict.INFO,
          name + " is pending (CREATED): planned" + where + ", not yet confirmed by ARM" + wait);
      return true;
    }
    if (state.state() == AssignmentState.FAILED) {
      add(Verdict.PROBLEM, name + " is quarantined (FAILED)" + where + ": " + state.reason());
      return false;
    }
    add(
        Verdict.OK,
        name
            + " is ASSIGNED"
            + where
            + (state.principalId() == null ? "" : " (object id " + state.principalId() + ")"));
    return false;
  }

  private void ledger(IdentityRecord id, ComputeTarget target) {
    LedgerRecord ledger = facts.ledger();
    String resourceId = id.resourceId() == null ? "" : id.resourceId().toLowerCase(Locale.ROOT);
    String name = id.namespace() + "/" + id.name();
    if (ledger == null) {
      add(Verdict.INFO, "the ledger has no record of " + target(target) + " yet");
      return;
    }
    add(
        Verdict.INFO,
        ledger.owned().contains(resourceId)
            ? "the ledger says we added " + name + " to " + target(target)
            : "the ledger does not list "
                + name
                + " as ours on "
                + target(target)
                + ": it was there before us, or is not added yet");
    LedgerRecord.Intent intent = ledger.intent();
    if (intent != null
        && (intent.add().contains(resourceId) || intent.remove().contains(resourceId))) {
      add(
          Verdict.INFO,
          "an operation on "
              + target(target)
              + " is in flight: "
              + (intent.add().contains(resourceId) ? "adding " : "removing ")
              + name
              + " ("
              + intent.operationId()
              + ")");
    }
  }

  private AssignedIdentity stateOf(IdentityRecord id) {
    if (facts.assignment() == null) {
      return null;
    }
    for (AssignedIdentity a : facts.assignment().identities()) {
      if (a.identityNamespace().equals(id.namespace()) && a.identityName().equals(id.name())) {
        return a;
      }
    }
    return null;
  }

  /** The identity's kind as a person reads it; a federated one says where its tokens come from. */
  static String kind(IdentityRecord id) {
    if (id.federated() && id.type() == IdentityType.USER_ASSIGNED_MSI) {
      return "federated identity (type 0 annotated "
          + IdentityRecord.FEDERATED_ANNOTATION
          + ": tokens from Entra for the pod's service account, never on a scale set)";
    }
    return type(id.type());
  }

  static String type(IdentityType type) {
    switch (type) {
      case USER_ASSIGNED_MSI:
        return "user-assigned managed identity (type 0)";
      case SERVICE_PRINCIPAL:
        return "service principal with a secret (type 1)";
      case SERVICE_PRINCIPAL_CERTIFICATE:
        return "service principal with a certificate (type 2)";
      default:
        return "unknown type";
    }
  }

  static String target(ComputeTarget t) {
    return (t.kind() == ComputeTarget.Kind.SCALE_SET ? "scale set " : "VM ")
        + t.resourceGroup()
        + "/"
        + t.name();
  }

  private static String describe(String what, String value) {
    return value == null ? "" : ", " + what + " " + value;
  }

  private void add(Verdict verdict, String text) {
    steps.add(new Step(verdict, text));
  }
}
