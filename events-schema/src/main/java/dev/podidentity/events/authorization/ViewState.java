package dev.podidentity.events.authorization;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The mutable state behind {@link View}, fed record by record in topic order by one thread. A null
 * value is a tombstone. Pods and assignments of other nodes are dropped, so a node keeps only its
 * own pods even though it reads the whole partition of its compute target.
 */
public final class ViewState {
  private final String nodeName;
  private ComputeTarget target;
  private String pool;
  private final Map<String, PodRecord> pods = new HashMap<>();
  private final Map<String, AssignmentRecord> assignments = new HashMap<>();

  /** The key each pod and assignment was last written under, by pod uid. */
  private final Map<String, String> podKeys = new HashMap<>();

  private final Map<String, String> assignmentKeys = new HashMap<>();
  private final Map<String, ConfigRecord> config = new HashMap<>();

  /**
   * When each pod first listed each of its IPs, as a sequence number in topic order. On IP reuse
   * the pod that took the IP later wins, and an update to an old pod does not take the IP back.
   */
  private final Map<String, Map<String, Long>> ipClaims = new HashMap<>();

  private long sequence;
  private long version;
  private boolean dirty = true;

  /**
   * Whether config changed since the last snapshot. Its derived maps (every identity and binding of
   * the cluster, thousands at AKS's limits) are rebuilt only then, not when one of this node's pods
   * changes: during a replay most batches change pods only.
   */
  private boolean configDirty = true;

  private boolean replayed;
  private View last;

  public ViewState(String nodeName) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
  }

  public String nodeName() {
    return nodeName;
  }

  public ComputeTarget target() {
    return target;
  }

  /**
   * Applies a record of the nodes topic. Returns true when this node's compute target changed: its
   * pods and assignments may then live in another partition, which the reader decides (it calls
   * {@link #clearTargetState()} before reading that one). Its node pool is kept too (a change of
   * pool alone changes the view, not the partition).
   */
  public boolean applyNode(String key, NodeRecord node) {
    if (!nodeName.equals(key)) {
      return false;
    }
    String nextPool = node == null ? null : node.pool();
    if (!Objects.equals(nextPool, pool)) {
      pool = nextPool;
      dirty = true;
    }
    ComputeTarget next = node == null ? null : node.target();
    if (Objects.equals(next, target)) {
      return false;
    }
    target = next;
    dirty = true;
    return true;
  }

  /** Forgets pods and assignments, before re-reading them from a new partition. */
  public void clearTargetState() {
    pods.clear();
    podKeys.clear();
    assignments.clear();
    assignmentKeys.clear();
    ipClaims.clear();
    replayed = false;
    dirty = true;
  }

  /**
   * Applies a record of the pods topic. A pod is known under the key of its last record: when the
   * watcher re-keys a pod (its node got a compute target), the new key's record comes first and the
   * old key's tombstone after it, and that tombstone must not remove the pod. A null {@code pod} is
   * a tombstone or a record of another node left unparsed (its node header said so): either way the
   * pod under {@code key} is not on this node.
   */
  public void applyPod(String key, PodRecord pod) {
    sequence++;
    String uid = Keys.podUidOf(key);
    if (pod == null || !nodeName.equals(pod.nodeName())) {
      if (key.equals(podKeys.get(uid))) {
        pods.remove(uid);
        podKeys.remove(uid);
        ipClaims.remove(uid);
        dirty = true;
      }
      return;
    }
    podKeys.put(uid, key);
    PodRecord before = pods.put(pod.uid(), pod);
    Map<String, Long> old = ipClaims.getOrDefault(pod.uid(), Map.of());
    Map<String, Long> claims = new HashMap<>();
    for (String ip : pod.podIps()) {
      claims.put(ip, old.getOrDefault(ip, sequence));
    }
    ipClaims.put(pod.uid(), claims);
    dirty |= !pod.equals(before);
  }

  /**
   * Applies a record of the assignments topic; re-keyed like pods, and null as for pods (see {@link
   * #applyPod}).
   */
  public void applyAssignment(String key, AssignmentRecord assignment) {
    String uid = Keys.podUidOf(key);
    if (assignment == null || !nodeName.equals(assignment.nodeName())) {
      if (key.equals(assignmentKeys.get(uid))) {
        assignmentKeys.remove(uid);
        dirty |= assignments.remove(uid) != null;
      }
      return;
    }
    assignmentKeys.put(uid, key);
    dirty |= !assignment.equals(assignments.put(assignment.podUid(), assignment));
  }

  /** Whether this node's pod {@code podUid} has an assignment. */
  public boolean assigned(String podUid) {
    return assignments.containsKey(podUid);
  }

  public void applyConfig(String key, ConfigRecord record) {
    boolean changed =
        record == null ? config.remove(key) != null : !record.equals(config.put(key, record));
    configDirty |= changed;
    dirty |= changed;
  }

  /** Every input has been read up to the end offsets taken when reading started. */
  public void markReplayed() {
    if (!replayed) {
      replayed = true;
      dirty = true;
    }
  }

  public boolean replayed() {
    return replayed;
  }

  /**
   * The current view. Content is copied only when something changed since the last snapshot, so
   * calling it after every poll is cheap.
   */
  public View snapshot(long confirmedAtMillis) {
    if (!dirty && last != null) {
      return last.confirmedAtMillis() == confirmedAtMillis
          ? last
          : (last = last.confirmedAt(confirmedAtMillis));
    }
    version++;
    dirty = false;
    boolean sameConfig = !configDirty && last != null;
    configDirty = false;
    Map<String, IdentityRecord> identities = sameConfig ? last.identities() : identities();
    last =
        new View(
            nodeName,
            target,
            pool,
            podsByIp(),
            hostNetworkIps(),
            Map.copyOf(pods),
            Map.copyOf(assignments),
            identities,
            sameConfig ? last.resourceIdKeys() : resourceIdKeys(identities),
            sameConfig ? last.bindingsBySelector() : bindingsBySelector(),
            sameConfig ? last.exceptionsByNamespace() : exceptionsByNamespace(),
            replayed,
            confirmedAtMillis,
            version);
    return last;
  }

  private Map<String, PodRecord> podsByIp() {
    Map<String, PodRecord> owner = new HashMap<>();
    Map<String, Long> ownerClaim = new HashMap<>();
    for (PodRecord pod : pods.values()) {
      if (pod.hostNetwork()) {
        continue;
      }
      for (Map.Entry<String, Long> claim : ipClaims.get(pod.uid()).entrySet()) {
        String ip = claim.getKey();
        PodRecord current = owner.get(ip);
        if (current == null || wins(pod, claim.getValue(), current, ownerClaim.get(ip))) {
          owner.put(ip, pod);
          ownerClaim.put(ip, claim.getValue());
        }
      }
    }
    return Map.copyOf(owner);
  }

  /** An active pod beats a finished one; among equals, the later claim of the IP wins. */
  private static boolean wins(PodRecord pod, long claim, PodRecord current, long currentClaim) {
    if (pod.active() != current.active()) {
      return pod.active();
    }
    return claim > currentClaim;
  }

  private Set<String> hostNetworkIps() {
    Set<String> ips = new HashSet<>();
    for (PodRecord pod : pods.values()) {
      if (pod.hostNetwork()) {
        ips.addAll(pod.podIps());
      }
    }
    return Set.copyOf(ips);
  }

  private Map<String, IdentityRecord> identities() {
    Map<String, IdentityRecord> byName = new HashMap<>();
    for (ConfigRecord c : config.values()) {
      if (c instanceof IdentityRecord id) {
        byName.put(id.namespace() + "/" + id.name(), id);
      }
    }
    return Map.copyOf(byName);
  }

  private static Map<IdentityRecord, String> resourceIdKeys(Map<String, IdentityRecord> byName) {
    Map<IdentityRecord, String> keys = new IdentityHashMap<>();
    for (IdentityRecord id : byName.values()) {
      String key = AssignedIdentity.canonicalResourceId(id.resourceId());
      if (key != null) {
        keys.put(id, key);
      }
    }
    return Collections.unmodifiableMap(keys);
  }

  private Map<String, List<BindingRecord>> bindingsBySelector() {
    Map<String, List<BindingRecord>> bySelector = new HashMap<>();
    for (ConfigRecord c : config.values()) {
      if (c instanceof BindingRecord b && b.valid() && b.selector() != null) {
        bySelector.computeIfAbsent(b.selector(), s -> new ArrayList<>()).add(b);
      }
    }
    Map<String, List<BindingRecord>> sorted = new HashMap<>();
    Comparator<BindingRecord> order =
        Comparator.comparing(BindingRecord::namespace).thenComparing(BindingRecord::name);
    bySelector.forEach((s, list) -> sorted.put(s, list.stream().sorted(order).toList()));
    return Map.copyOf(sorted);
  }

  private Map<String, List<ExceptionRecord>> exceptionsByNamespace() {
    Map<String, List<ExceptionRecord>> byNs = new HashMap<>();
    for (ConfigRecord c : config.values()) {
      if (c instanceof ExceptionRecord e) {
        byNs.computeIfAbsent(e.namespace(), n -> new ArrayList<>()).add(e);
      }
    }
    Map<String, List<ExceptionRecord>> copy = new HashMap<>();
    byNs.forEach((ns, list) -> copy.put(ns, List.copyOf(list)));
    return Map.copyOf(copy);
  }
}
