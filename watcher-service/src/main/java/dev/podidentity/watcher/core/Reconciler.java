package dev.podidentity.watcher.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The watcher's decisions: given cluster changes and what the topics hold, which records to send. A
 * record is sent only when its projection differs from the published one (ignoring
 * resourceVersion); a key whose object is gone gets a tombstone. Only a leader decides anything: a
 * follower's calls return empty results, and {@link #lead} starts with a full resync against the
 * topics' content so deletions missed while nobody led still arrive.
 *
 * <p>Pods are keyed by their node's compute target, so the watcher keeps the nodes and the pods per
 * node: when a node appears or its target changes, its pods move to the new key (new record first,
 * then a tombstone for the old key). Not thread-safe: the caller serialises calls.
 */
public final class Reconciler {
  private final PublishedState published = new PublishedState();
  private final Map<String, NodeRecord> nodes = new HashMap<>();
  private final Map<String, PodInput> pods = new HashMap<>();
  private final Map<String, Set<String>> podsByNode = new HashMap<>();
  private final Map<String, String> podKeys = new HashMap<>();
  private boolean leading;

  public boolean leading() {
    return leading;
  }

  /**
   * Becomes the publisher: {@code topics} maps each topic to the latest value per key read from it
   * (empty Optional: unreadable), and the cluster as listed is reconciled against it.
   */
  public SyncResult lead(
      ClusterSnapshot cluster, Map<String, Map<String, Optional<Event>>> topics) {
    published.clear();
    topics.forEach(published::load);
    leading = true;
    return resync(cluster);
  }

  /** Stops publishing and forgets the topics' content: a new leader may change it meanwhile. */
  public void follow() {
    leading = false;
    published.clear();
    nodes.clear();
    pods.clear();
    podsByNode.clear();
    podKeys.clear();
  }

  /** Reconciles everything against the listed cluster: sends differences, tombstones the rest. */
  public SyncResult resync(ClusterSnapshot cluster) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    nodes.clear();
    pods.clear();
    podsByNode.clear();
    podKeys.clear();
    Map<String, Event> desiredNodes = new LinkedHashMap<>();
    for (NodeInput in : cluster.nodes()) {
      NodeRecord node = Projections.node(in);
      nodes.put(node.name(), node);
      desiredNodes.put(Keys.node(node.name()), node);
    }
    reconcileTopic(Topics.NODES, desiredNodes, result);

    Map<String, Event> desiredPods = new LinkedHashMap<>();
    for (PodInput in : cluster.pods()) {
      track(in);
      PodRecord pod = Projections.pod(in, nodes.get(in.nodeName()));
      if (pod != null) {
        String key = Keys.of(pod);
        podKeys.put(in.uid(), key);
        desiredPods.put(key, pod);
      }
    }
    reconcileTopic(Topics.PODS, desiredPods, result);

    Map<String, Warning> warnings = new HashMap<>();
    Map<String, Event> desiredConfig = Projections.config(cluster, warnings);
    for (Publication p : reconcileTopic(Topics.CONFIG, desiredConfig, result)) {
      result.warn(warnings.get(p.key()));
    }
    return result;
  }

  public SyncResult node(NodeInput in) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    NodeRecord node = Projections.node(in);
    NodeRecord before = nodes.put(node.name(), node);
    upsert(Topics.NODES, Keys.node(node.name()), node, result, true);
    if (before == null || !Objects.equals(before.target(), node.target())) {
      reprojectPodsOn(node.name(), result);
    }
    return result;
  }

  public SyncResult nodeDeleted(String name) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    nodes.remove(name);
    tombstone(Topics.NODES, Keys.node(name), result);
    // Pods still on a deleted node lose their target until they are gone themselves.
    reprojectPodsOn(name, result);
    return result;
  }

  public SyncResult pod(PodInput in) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    PodInput before = pods.get(in.uid());
    if (before != null) {
      untrack(before);
    }
    track(in);
    reprojectPod(in.uid(), result, true);
    return result;
  }

  public SyncResult podDeleted(String uid) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    PodInput before = pods.get(uid);
    if (before != null) {
      untrack(before);
    }
    String key = podKeys.remove(uid);
    if (key != null) {
      tombstone(Topics.PODS, key, result);
    }
    return result;
  }

  public SyncResult identity(IdentityInput in) {
    IdentityRecord r = Projections.identity(in);
    return config(r.key(), r, Projections.warningFor(r, in.ref(), null));
  }

  public SyncResult binding(BindingInput in) {
    BindingRecord r = Projections.binding(in);
    return config(r.key(), r, Projections.warningFor(in, r));
  }

  public SyncResult exception(ExceptionInput in) {
    ExceptionRecord r = Projections.exception(in);
    String key =
        Keys.config(
            ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION, in.ref().namespace(), in.ref().name());
    return config(key, r, Projections.warningFor(r, in.ref(), in.readError()));
  }

  /** A config object is gone: {@code kind} is the CRD kind, as in {@link ConfigRecord}. */
  public SyncResult configDeleted(String kind, String namespace, String name) {
    SyncResult result = new SyncResult();
    if (leading) {
      tombstone(Topics.CONFIG, Keys.config(kind, namespace, name), result);
    }
    return result;
  }

  /** A send failed: the key's content is unknown now, so the next decision about it resends. */
  public void sendFailed(String topic, String key) {
    if (leading) {
      published.forget(topic, key);
    }
  }

  /** How many keys the watcher believes {@code topic} holds. */
  public int publishedKeys(String topic) {
    return published.size(topic);
  }

  private SyncResult config(String key, Event record, Warning warning) {
    SyncResult result = new SyncResult();
    if (!leading) {
      return result;
    }
    boolean sent =
        record == null
            ? tombstone(Topics.CONFIG, key, result)
            : upsert(Topics.CONFIG, key, record, result, true);
    if (sent || record == null) {
      result.warn(warning);
    }
    return result;
  }

  private void reprojectPodsOn(String nodeName, SyncResult result) {
    Set<String> uids = podsByNode.get(nodeName);
    if (uids != null) {
      for (String uid : new ArrayList<>(uids)) {
        reprojectPod(uid, result, false);
      }
    }
  }

  private void reprojectPod(String uid, SyncResult result, boolean countSuppressed) {
    PodInput in = pods.get(uid);
    PodRecord pod = in == null ? null : Projections.pod(in, nodes.get(in.nodeName()));
    String key = pod == null ? null : Keys.of(pod);
    String before = key == null ? podKeys.remove(uid) : podKeys.put(uid, key);
    if (pod != null) {
      upsert(Topics.PODS, key, pod, result, countSuppressed);
    }
    if (before != null && !before.equals(key)) {
      tombstone(Topics.PODS, before, result);
    }
  }

  private void track(PodInput in) {
    pods.put(in.uid(), in);
    if (in.scheduled()) {
      podsByNode.computeIfAbsent(in.nodeName(), n -> new HashSet<>()).add(in.uid());
    }
  }

  private void untrack(PodInput in) {
    pods.remove(in.uid());
    if (in.scheduled()) {
      Set<String> uids = podsByNode.get(in.nodeName());
      if (uids != null) {
        uids.remove(in.uid());
        if (uids.isEmpty()) {
          podsByNode.remove(in.nodeName());
        }
      }
    }
  }

  /** Sends what differs and tombstones keys not desired; returns the upserts sent. */
  private List<Publication> reconcileTopic(
      String topic, Map<String, Event> desired, SyncResult result) {
    List<Publication> sent = new ArrayList<>();
    desired.forEach(
        (key, value) -> {
          if (upsert(topic, key, value, result, false)) {
            sent.add(new Publication(topic, key, value, RecordKind.of(topic, key)));
          }
        });
    for (String key : new ArrayList<>(published.keys(topic))) {
      if (!desired.containsKey(key)) {
        tombstone(topic, key, result);
      }
    }
    return sent;
  }

  private boolean upsert(
      String topic, String key, Event value, SyncResult result, boolean countSuppressed) {
    RecordKind kind = RecordKind.of(topic, key);
    if (published.holds(topic, key, value)) {
      if (countSuppressed) {
        result.suppress(kind);
      }
      return false;
    }
    published.put(topic, key, value);
    result.publish(new Publication(topic, key, value, kind));
    return true;
  }

  private boolean tombstone(String topic, String key, SyncResult result) {
    if (!published.contains(topic, key)) {
      return false;
    }
    published.put(topic, key, null);
    result.publish(new Publication(topic, key, null, RecordKind.of(topic, key)));
    return true;
  }
}
