package dev.podidentity.cli.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pod's world for {@link ExplanationTest}: by default pod {@code apps/web} on node {@code
 * node-1} of scale set {@code vmss-1}, labelled {@code aadpodidbinding=demo}, bound through {@code
 * apps/demo-binding} to {@code apps/demo}, which is assigned and owned. Each case changes one part.
 */
final class Scenario {
  static final String UID = "uid-web";
  static final String NODE = "node-1";

  /** The time an explanation is made at, against which the ledger's waits are told. */
  static final Instant NOW = Instant.parse("2026-12-06T12:00:05Z");

  static final ComputeTarget VMSS = ComputeTarget.scaleSet("sub", "rg", "vmss-1");
  static final String RESOURCE_ID =
      "/subscriptions/sub/resourcegroups/rg/providers/microsoft.managedidentity/"
          + "userassignedidentities/demo";
  static final String CLIENT_ID = "client-demo";

  Map<String, String> labels = new HashMap<>(Map.of("app", "web", "aadpodidbinding", "demo"));
  Map<String, String> clusterLabels;
  boolean inCluster = true;
  boolean inLog = true;
  boolean hostNetwork;
  boolean deleting;
  String serviceAccount = "web";
  String loggedServiceAccount;
  PodPhase phase = PodPhase.RUNNING;
  NodeRecord node = new NodeRecord(1, NODE, "azure:///x", VMSS, null, "1");
  final Map<String, ConfigRecord> config = new LinkedHashMap<>();
  AssignmentState state = AssignmentState.ASSIGNED;
  String failure;
  List<String> owned = List.of(RESOURCE_ID);
  FederationFacts federation = FederationFacts.NOT_READ;

  /** The target's wait in its ledger; none unless a case sets it. */
  LedgerRecord.Blocked blocked;

  Scenario() {
    put(identity("apps", "demo", true));
    put(binding("apps", "demo-binding", "demo"));
  }

  Scenario put(ConfigRecord c) {
    config.put(c.key(), c);
    return this;
  }

  Scenario remove(String kind, String ns, String name) {
    config.remove(Keys.config(kind, ns, name));
    return this;
  }

  static IdentityRecord identity(String ns, String name, boolean valid) {
    return new IdentityRecord(
        1,
        ns,
        name,
        IdentityType.USER_ASSIGNED_MSI,
        RESOURCE_ID,
        CLIENT_ID,
        "tenant",
        null,
        null,
        null,
        null,
        false,
        valid,
        valid ? null : "resourceID is not a user-assigned identity",
        "1");
  }

  /** {@code apps/demo} as a federated identity (type 0 annotated federated). */
  static IdentityRecord federated() {
    return new IdentityRecord(
        1,
        "apps",
        "demo",
        IdentityType.USER_ASSIGNED_MSI,
        RESOURCE_ID,
        CLIENT_ID,
        "tenant",
        null,
        null,
        null,
        null,
        false,
        true,
        true,
        null,
        "1");
  }

  static BindingRecord binding(String ns, String name, String selector) {
    return new BindingRecord(1, ns, name, "demo", selector, true, null, "1");
  }

  static ExceptionRecord exception(String ns, Map<String, String> labels) {
    return new ExceptionRecord(1, ns, "skip", labels, "1");
  }

  PodRecord logged() {
    return new PodRecord(
        1,
        UID,
        "apps",
        "web",
        NODE,
        node.target(),
        List.of("10.0.0.5"),
        phase,
        deleting,
        hostNetwork,
        labels,
        loggedServiceAccount == null ? serviceAccount : loggedServiceAccount,
        "1");
  }

  ClusterPod cluster() {
    return new ClusterPod(
        "apps",
        "web",
        UID,
        clusterLabels == null ? labels : clusterLabels,
        NODE,
        phase.name().charAt(0) + phase.name().substring(1).toLowerCase(),
        List.of("10.0.0.5"),
        hostNetwork,
        deleting,
        serviceAccount);
  }

  PodFacts facts() {
    Map<String, Optional<Event>> pods = new HashMap<>();
    Map<String, Optional<Event>> assignments = new HashMap<>();
    if (inLog) {
      PodRecord pod = logged();
      pods.put(Keys.of(pod), Optional.of(pod));
      if (state != null) {
        AssignmentRecord a =
            new AssignmentRecord(
                1,
                UID,
                "apps",
                "web",
                NODE,
                VMSS,
                List.of(
                    new AssignedIdentity(
                        "apps",
                        "demo",
                        "demo-binding",
                        IdentityType.USER_ASSIGNED_MSI,
                        RESOURCE_ID,
                        CLIENT_ID,
                        "principal-demo",
                        state,
                        failure)));
        assignments.put(Keys.of(a), Optional.of(a));
      }
    }
    Map<String, Optional<Event>> configTopic = new HashMap<>();
    config.forEach((k, v) -> configTopic.put(k, Optional.of(v)));
    Map<String, Optional<Event>> ledger =
        Map.of(Keys.ledger(VMSS), Optional.of(new LedgerRecord(1, VMSS, owned, null, blocked)));
    return PodFacts.of(
        new PodRef("apps", "web"),
        inCluster ? cluster() : null,
        new PodFacts.Topics(
            pods,
            assignments,
            configTopic,
            node == null ? Map.of() : Map.of(Keys.node(NODE), Optional.of(node)),
            ledger));
  }
}
