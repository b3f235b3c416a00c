package dev.podidentity.cli.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.LedgerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each pod identity stands on each compute target, from the latest assignment records (one
 * per pod) and the assigner's ledgers (one per target): how many pods have it ASSIGNED, CREATED
 * (pending) or FAILED and why, and whether the ledger owns the identity there (the assigner added
 * it, so it will remove it when no pod needs it). A target whose ledger owns the identity but where
 * no pod has it any more (a linger, or a removal in flight) is listed too. While a target's next
 * PATCH waits (ARM throttled it, a backoff, the assigner's budget), its ledger says until when: the
 * state says so while that is ahead.
 */
public final class AssignmentSummary {
  /** At most this many reasons in a table cell; JSON and YAML carry them all. */
  static final int REASONS_IN_CELL = 2;

  private static final int SHORT_REASON = 40;

  /** An AzureIdentity: its namespace and name. */
  public record IdentityRef(String namespace, String name) {}

  /**
   * One identity on one target: pods by state, the distinct FAILED reasons (the most common first),
   * whether the target's ledger owns the identity, and the target's wait (null when none).
   */
  public record OnTarget(
      ComputeTarget target,
      int assigned,
      int pending,
      int failed,
      List<String> reasons,
      boolean owned,
      Waiting waiting) {
    public OnTarget {
      reasons = List.copyOf(reasons);
    }

    /** A target whose ledger says no wait. */
    public OnTarget(
        ComputeTarget target,
        int assigned,
        int pending,
        int failed,
        List<String> reasons,
        boolean owned) {
      this(target, assigned, pending, failed, reasons, owned, null);
    }

    /** The wait while it is ahead, for a table; empty when there is none or it is over. */
    private String waitCell(boolean full) {
      if (waiting == null || !waiting.ahead()) {
        return "";
      }
      return full ? waiting.text() : waiting.cell();
    }

    /**
     * {@code aks-a: 3 assigned, 1 pending}, {@code aks-b: 1 failed (LinkedAuthorizationFailed)}.
     */
    public String cell() {
      List<String> parts = new ArrayList<>();
      if (assigned > 0) {
        parts.add(assigned + " assigned");
      }
      if (pending > 0) {
        parts.add(pending + " pending");
      }
      if (failed > 0) {
        parts.add(failed + " failed (" + shortReasons(reasons) + ")");
      }
      if (parts.isEmpty()) {
        parts.add(owned ? "no pods, still in the ledger" : "no pods");
      }
      String wait = waitCell(false);
      if (!wait.isEmpty()) {
        parts.add(wait);
      }
      return target.name() + ": " + String.join(", ", parts);
    }

    /** The cells of {@code -o wide}: target name, pods by state, ledger, the wait, every reason. */
    public List<String> wideCells() {
      return List.of(
          target.name(),
          Integer.toString(assigned),
          Integer.toString(pending),
          Integer.toString(failed),
          owned ? "yes" : "no",
          waitCell(true),
          String.join("; ", reasons));
    }

    /** Everything, for {@code -o json|yaml}: the target's ARM id as well as its name. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", target.name());
      m.put("id", target.armId());
      m.put("assigned", assigned);
      m.put("pending", pending);
      m.put("failed", failed);
      m.put("reasons", reasons);
      m.put("ownedByLedger", owned);
      if (waiting != null) {
        m.put("blocked", waiting.asMap());
      }
      return m;
    }
  }

  private AssignmentSummary() {}

  /**
   * Per identity, its targets sorted by name.
   *
   * @param assignments the latest assignment record of every pod
   * @param ledgers the latest ledger of every target
   * @param resourceIds each identity's resource id as the cluster has it (any case), so a target
   *     whose ledger still owns it is found when no pod has it any more
   * @param now the time the ledgers' waits are told against ("in 25 s")
   */
  public static Map<IdentityRef, List<OnTarget>> of(
      Collection<AssignmentRecord> assignments,
      Collection<LedgerRecord> ledgers,
      Map<IdentityRef, String> resourceIds,
      Instant now) {
    Map<IdentityRef, Map<ComputeTarget, Pods>> pods = new HashMap<>();
    Map<IdentityRef, Set<String>> ids = new HashMap<>();
    resourceIds.forEach(
        (ref, id) -> {
          if (id != null && !id.isBlank()) {
            ids.computeIfAbsent(ref, r -> new HashSet<>()).add(id.toLowerCase(Locale.ROOT));
          }
        });
    for (AssignmentRecord a : assignments) {
      for (AssignedIdentity i : a.identities()) {
        IdentityRef ref = new IdentityRef(i.identityNamespace(), i.identityName());
        pods.computeIfAbsent(ref, r -> new HashMap<>())
            .computeIfAbsent(a.target(), t -> new Pods())
            .add(a.podUid(), i);
        if (i.resourceId() != null) {
          ids.computeIfAbsent(ref, r -> new HashSet<>()).add(i.resourceId());
        }
      }
    }
    Map<ComputeTarget, Set<String>> owned = new HashMap<>();
    Map<ComputeTarget, Waiting> waits = new HashMap<>();
    for (LedgerRecord l : ledgers) {
      owned.put(l.target(), new HashSet<>(l.owned()));
      Waiting w = Waiting.of(l, now);
      if (w != null) {
        waits.put(l.target(), w);
      }
    }
    Map<IdentityRef, List<OnTarget>> out = new HashMap<>();
    Set<IdentityRef> refs = new HashSet<>(pods.keySet());
    refs.addAll(ids.keySet());
    for (IdentityRef ref : refs) {
      Map<ComputeTarget, Pods> byTarget = new HashMap<>(pods.getOrDefault(ref, Map.of()));
      Set<String> mine = ids.getOrDefault(ref, Set.of());
      owned.forEach(
          (target, ownedIds) -> {
            if (ownedIds.stream().anyMatch(mine::contains)) {
              byTarget.computeIfAbsent(target, t -> new Pods());
            }
          });
      if (byTarget.isEmpty()) {
        continue;
      }
      List<OnTarget> targets = new ArrayList<>();
      byTarget.forEach(
          (target, p) -> {
            Set<String> ownedIds = owned.getOrDefault(target, Set.of());
            targets.add(
                p.on(target, mine.stream().anyMatch(ownedIds::contains), waits.get(target)));
          });
      targets.sort(
          Comparator.comparing((OnTarget t) -> t.target().name())
              .thenComparing(t -> t.target().armId()));
      out.put(ref, List.copyOf(targets));
    }
    return out;
  }

  /** The table cell of one identity: each target's {@link OnTarget#cell()}, "; " between them. */
  public static String cell(List<OnTarget> targets) {
    return String.join("; ", targets.stream().map(OnTarget::cell).toList());
  }

  /**
   * A reason as short as a table cell wants it: ARM's error code when the reason starts with one
   * ({@code LinkedAuthorizationFailed: The client ...}), else its first characters.
   */
  static String shortReason(String reason) {
    int colon = reason.indexOf(':');
    if (colon > 0 && reason.substring(0, colon).chars().noneMatch(Character::isWhitespace)) {
      return reason.substring(0, colon);
    }
    return reason.length() <= SHORT_REASON ? reason : reason.substring(0, SHORT_REASON) + "...";
  }

  private static String shortReasons(List<String> reasons) {
    List<String> distinct =
        reasons.stream().map(AssignmentSummary::shortReason).distinct().toList();
    String shown =
        String.join(", ", distinct.subList(0, Math.min(REASONS_IN_CELL, distinct.size())));
    return distinct.size() > REASONS_IN_CELL
        ? shown + ", +" + (distinct.size() - REASONS_IN_CELL) + " more"
        : shown;
  }

  /** The pods of one identity on one target, by state (a pod counts once per state). */
  private static final class Pods {
    private final Set<String> assigned = new HashSet<>();
    private final Set<String> pending = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Map<String, Set<String>> podsByReason = new TreeMap<>();

    void add(String podUid, AssignedIdentity i) {
      switch (i.state()) {
        case ASSIGNED -> assigned.add(podUid);
        case CREATED -> pending.add(podUid);
        case FAILED -> {
          failed.add(podUid);
          podsByReason.computeIfAbsent(i.reason(), r -> new HashSet<>()).add(podUid);
        }
      }
    }

    OnTarget on(ComputeTarget target, boolean owned, Waiting waiting) {
      // The compacted topic keeps one record per pod, without the time each reason first
      // appeared: every reason shown is current; the one most pods carry comes first.
      List<String> reasons =
          podsByReason.entrySet().stream()
              .sorted(
                  Comparator.comparing((Map.Entry<String, Set<String>> e) -> -e.getValue().size())
                      .thenComparing(Map.Entry::getKey))
              .map(Map.Entry::getKey)
              .toList();
      return new OnTarget(
          target, assigned.size(), pending.size(), failed.size(), reasons, owned, waiting);
    }
  }
}
