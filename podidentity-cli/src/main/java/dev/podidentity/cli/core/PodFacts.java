package dev.podidentity.cli.core;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the cluster and the event log say about one pod: the input of {@link Explanation}.
 *
 * @param cluster the pod as the API has it; null when the cluster has no such pod
 * @param logged the watcher's latest pods-topic record of it; null when there is none
 * @param assignment the assigner's latest record of it; null when there is none
 * @param config every live record of the config topic, by key
 * @param nodePods the pods-topic records of the pod's node, by key (the NMI's view of its node)
 * @param nodeAssignments the assignments-topic records of the pod's node, by key
 * @param node the nodes-topic record of the pod's node; null when there is none
 * @param ledger the ledger record of the node's compute target; null when there is none
 */
public record PodFacts(
    PodRef pod,
    ClusterPod cluster,
    PodRecord logged,
    AssignmentRecord assignment,
    Map<String, ConfigRecord> config,
    Map<String, PodRecord> nodePods,
    Map<String, AssignmentRecord> nodeAssignments,
    NodeRecord node,
    LedgerRecord ledger) {

  /** The latest value of every live key of each topic, as the event log reads them. */
  public record Topics(
      Map<String, Optional<Event>> pods,
      Map<String, Optional<Event>> assignments,
      Map<String, Optional<Event>> config,
      Map<String, Optional<Event>> nodes,
      Map<String, Optional<Event>> ledger) {}

  /** Whether neither the cluster nor the event log knows the pod. */
  public boolean unknown() {
    return cluster == null && logged == null;
  }

  /** The pod's node: the event log's word first (the NMI's), else the cluster's; may be null. */
  public String nodeName() {
    if (logged != null) {
      return logged.nodeName();
    }
    return cluster == null ? null : cluster.nodeName();
  }

  /**
   * Picks the pod's records out of whole topics. The pod is found by its uid when the cluster has
   * it (a pod re-created under the same name is another pod), else by namespace and name,
   * preferring an active record.
   */
  public static PodFacts of(PodRef pod, ClusterPod cluster, Topics topics) {
    Map<String, PodRecord> allPods = values(topics.pods(), PodRecord.class);
    PodRecord logged = null;
    for (PodRecord p : allPods.values()) {
      boolean same =
          cluster != null
              ? p.uid().equals(cluster.uid())
              : p.namespace().equals(pod.namespace()) && p.name().equals(pod.name());
      if (same && (logged == null || (p.active() && !logged.active()))) {
        logged = p;
      }
    }
    String uid = logged != null ? logged.uid() : cluster == null ? null : cluster.uid();
    String nodeName =
        logged != null ? logged.nodeName() : cluster == null ? null : cluster.nodeName();
    AssignmentRecord assignment = null;
    Map<String, AssignmentRecord> nodeAssignments = new LinkedHashMap<>();
    for (Map.Entry<String, AssignmentRecord> a :
        values(topics.assignments(), AssignmentRecord.class).entrySet()) {
      if (a.getValue().podUid().equals(uid)) {
        assignment = a.getValue();
      }
      if (a.getValue().nodeName().equals(nodeName)) {
        nodeAssignments.put(a.getKey(), a.getValue());
      }
    }
    Map<String, PodRecord> nodePods = new LinkedHashMap<>();
    values(topics.pods(), PodRecord.class)
        .forEach(
            (k, p) -> {
              if (p.nodeName().equals(nodeName)) {
                nodePods.put(k, p);
              }
            });
    NodeRecord node =
        nodeName == null ? null : values(topics.nodes(), NodeRecord.class).get(Keys.node(nodeName));
    ComputeTarget target = node != null ? node.target() : logged == null ? null : logged.target();
    LedgerRecord ledger =
        target == null
            ? null
            : values(topics.ledger(), LedgerRecord.class).get(Keys.ledger(target));
    return new PodFacts(
        pod,
        cluster,
        logged,
        assignment,
        values(topics.config(), ConfigRecord.class),
        nodePods,
        nodeAssignments,
        node,
        ledger);
  }

  /** The parsed values of one type; unparseable values (dead letters to be) are left out. */
  private static <T extends Event> Map<String, T> values(
      Map<String, Optional<Event>> topic, Class<T> type) {
    Map<String, T> out = new LinkedHashMap<>();
    topic.forEach(
        (key, value) -> value.filter(type::isInstance).ifPresent(v -> out.put(key, type.cast(v))));
    return out;
  }
}
