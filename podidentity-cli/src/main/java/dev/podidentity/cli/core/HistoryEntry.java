package dev.podidentity.cli.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change in the audit trail of {@code podidentity history}: when, on which compute target
 * (lowercase ARM id, or {@code node:<name>} for a pod on a node without one), which pod and which
 * identity, what happened and why, and which record said so. Fields that do not apply are "".
 */
public record HistoryEntry(
    Instant time,
    Change change,
    String target,
    String pod,
    String podUid,
    String node,
    String identity,
    String resourceId,
    String detail,
    String topic,
    int partition,
    long offset) {

  /** What changed; the label is the EVENT column. */
  public enum Change {
    /** Assignments: the pod is bound to the identity, the scale set does not have it yet. */
    CREATED,
    /** Assignments: the identity is on the pod's scale set; the NMI may serve it. */
    ASSIGNED,
    /** Assignments: it could not be assigned; the detail is the reason. */
    FAILED,
    /** Assignments: the identity left the pod's record, or the pod was deleted. */
    UNASSIGNED,
    /** Ledger: the identity became one the assigner owns on the scale set (it added it). */
    ADDED,
    /** Ledger: the identity is no longer owned (the assigner removed it). */
    REMOVED,
    /** Ledger: an operation about to add the identity. */
    INTENT_ADD,
    /** Ledger: an operation about to remove the identity. */
    INTENT_REMOVE,
    /** Ledger: the scale set's ledger was deleted. */
    LEDGER_DELETED,
    /** A value that could not be read; the detail says where and why. */
    UNREADABLE;

    /** The EVENT column: the name with dashes. */
    public String label() {
      return name().replace('_', '-');
    }
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public HistoryEntry {
    target = nonNull(target);
    pod = nonNull(pod);
    podUid = nonNull(podUid);
    node = nonNull(node);
    identity = nonNull(identity);
    resourceId = nonNull(resourceId);
    detail = nonNull(detail);
  }

  /** The target's name (a scale set's or a VM's), the last segment of its id. */
  public String scaleSet() {
    return target.substring(target.lastIndexOf('/') + 1);
  }

  /** UTC, to the millisecond, always the same width (so table rows line up and sort as text). */
  public String timeText() {
    return TIME.format(time);
  }

  /** The entry as {@code -o json|yaml} prints it; empty fields left out. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", timeText());
    m.put("event", change.label());
    put(m, "scaleSet", scaleSet());
    put(m, "target", target);
    put(m, "pod", pod);
    put(m, "podUid", podUid);
    put(m, "node", node);
    put(m, "identity", identity);
    put(m, "resourceId", resourceId);
    put(m, "detail", detail);
    m.put("topic", topic);
    m.put("partition", partition);
    m.put("offset", offset);
    return m;
  }

  /** The table of {@code podidentity history}, oldest first. */
  public static Table table(List<HistoryEntry> entries) {
    Table t = new Table("TIME", "SCALE-SET", "POD", "IDENTITY", "EVENT", "DETAIL");
    for (HistoryEntry e : entries) {
      t.row(e.timeText(), e.scaleSet(), e.pod(), e.identity(), e.change().label(), e.detail());
    }
    return t;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
