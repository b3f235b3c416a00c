package dev.podidentity.cli.core;

import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.NodeRecord;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state the services rebuild when they replay the compacted topics: the latest value of every
 * key, by kind and by compute target. Built from what {@code EventLog.latest} reads (an empty
 * Optional is a value that could not be parsed); pure, so it is table-tested without Kafka.
 */
public final class Replay {
  /**
   * One compute target (a scale set or a standalone VM) as the log describes it: its nodes and
   * active pods, the identities the assignment records put on it ({@code desired}: every state;
   * {@code assigned}: ASSIGNED only), the identities the ledger says we added, and the ledger's
   * operation in flight (null when none).
   */
  public record Target(
      ComputeTarget target,
      int nodes,
      int activePods,
      SortedSet<String> desired,
      SortedSet<String> assigned,
      SortedSet<String> owned,
      LedgerRecord.Intent intent) {}

  private final Map<String, NodeRecord> nodes = new TreeMap<>();
  private final Map<String, PodRecord> pods = new TreeMap<>();
  private final Map<String, ConfigRecord> config = new TreeMap<>();
  private final List<AssignmentRecord> assignments = new ArrayList<>();
  private final Map<ComputeTarget, LedgerRecord> ledgers = new LinkedHashMap<>();
  private long unreadable;

  private Replay() {}

  /** The state of the latest values per key of each topic ({@code topic -> key -> value}). */
  public static Replay of(Map<String, Map<String, Optional<Event>>> latestByTopic) {
    Replay r = new Replay();
    latestByTopic.values().forEach(values -> values.values().forEach(r::add));
    return r;
  }

  private void add(Optional<Event> value) {
    if (value.isEmpty()) {
      unreadable++;
      return;
    }
    Event e = value.get();
    if (e instanceof NodeRecord n) {
      nodes.put(n.name(), n);
    } else if (e instanceof PodRecord p) {
      pods.put(p.uid(), p);
    } else if (e instanceof ConfigRecord c) {
      config.put(c.key(), c);
    } else if (e instanceof AssignmentRecord a) {
      assignments.add(a);
    } else if (e instanceof LedgerRecord l) {
      ledgers.put(l.target(), l);
    }
  }

  /** Nodes by name. */
  public Map<String, NodeRecord> nodes() {
    return Collections.unmodifiableMap(nodes);
  }

  /** Pods by uid. */
  public Map<String, PodRecord> pods() {
    return Collections.unmodifiableMap(pods);
  }

  /** AzureIdentities, bindings and exceptions by their key ({@code kind/namespace/name}). */
  public Map<String, ConfigRecord> config() {
    return Collections.unmodifiableMap(config);
  }

  /** How many of each kind, in a fixed order: the first table of {@code replay}. */
  public Map<String, Long> counts() {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("nodes", (long) nodes.size());
    c.put("pods (active)", pods.values().stream().filter(PodRecord::active).count());
    c.put("pods (finished)", pods.values().stream().filter(p -> !p.active()).count());
    c.put(ConfigRecord.AZURE_IDENTITY, configCount(ConfigRecord.AZURE_IDENTITY));
    c.put(ConfigRecord.AZURE_IDENTITY_BINDING, configCount(ConfigRecord.AZURE_IDENTITY_BINDING));
    c.put(
        ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION,
        configCount(ConfigRecord.AZURE_POD_IDENTITY_EXCEPTION));
    c.put("assignment records", (long) assignments.size());
    for (AssignmentState s : AssignmentState.values()) {
      c.put("pod identities " + s, identities().filter(i -> i.state() == s).count());
    }
    c.put("ledgers", (long) ledgers.size());
    c.put("unreadable values", unreadable);
    return c;
  }

  private long configCount(String kind) {
    return config.values().stream().filter(r -> r.kind().equals(kind)).count();
  }

  private java.util.stream.Stream<AssignedIdentity> identities() {
    return assignments.stream().flatMap(a -> a.identities().stream());
  }

  /** Every target any topic names: scale sets, then VMs, each by ARM id. */
  public List<Target> targets() {
    Map<ComputeTarget, Builder> by =
        new TreeMap<>(
            Comparator.comparing(ComputeTarget::kind).thenComparing(ComputeTarget::armId));
    for (NodeRecord n : nodes.values()) {
      if (n.target() != null) {
        by.computeIfAbsent(n.target(), Builder::new).nodes++;
      }
    }
    for (PodRecord p : pods.values()) {
      if (p.target() != null && p.active()) {
        by.computeIfAbsent(p.target(), Builder::new).activePods++;
      }
    }
    for (AssignmentRecord a : assignments) {
      Builder b = by.computeIfAbsent(a.target(), Builder::new);
      for (AssignedIdentity i : a.identities()) {
        if (i.resourceId() != null) {
          b.desired.add(i.resourceId());
          if (i.state() == AssignmentState.ASSIGNED) {
            b.assigned.add(i.resourceId());
          }
        }
      }
    }
    for (LedgerRecord l : ledgers.values()) {
      Builder b = by.computeIfAbsent(l.target(), Builder::new);
      b.owned.addAll(l.owned());
      b.intent = l.intent();
    }
    return by.values().stream().map(Builder::build).toList();
  }

  private static final class Builder {
    final ComputeTarget target;
    int nodes;
    int activePods;
    final SortedSet<String> desired = new TreeSet<>();
    final SortedSet<String> assigned = new TreeSet<>();
    final SortedSet<String> owned = new TreeSet<>();
    LedgerRecord.Intent intent;

    Builder(ComputeTarget target) {
      this.target = target;
    }

    Target build() {
      return new Target(
          target,
          nodes,
          activePods,
          Collections.unmodifiableSortedSet(desired),
          Collections.unmodifiableSortedSet(assigned),
          Collections.unmodifiableSortedSet(owned),
          intent);
    }
  }

  /** {@code KIND COUNT}. */
  public Table kindsTable() {
    Table t = new Table("KIND", "COUNT");
    counts().forEach((kind, n) -> t.row(kind, String.valueOf(n)));
    return t;
  }

  /** One row per target: what it has, by the log. */
  public Table targetsTable() {
    Table t =
        new Table(
            "TARGET", "KIND", "NODES", "ACTIVE PODS", "DESIRED", "ASSIGNED", "OWNED", "IN FLIGHT");
    for (Target x : targets()) {
      t.row(
          shortName(x.target()),
          kindName(x.target()),
          String.valueOf(x.nodes()),
          String.valueOf(x.activePods()),
          String.valueOf(x.desired().size()),
          String.valueOf(x.assigned().size()),
          String.valueOf(x.owned().size()),
          inFlight(x.intent()));
    }
    return t;
  }

  /** {@code vmss} or {@code vm}. */
  public static String kindName(ComputeTarget t) {
    return t.kind() == ComputeTarget.Kind.SCALE_SET ? "vmss" : "vm";
  }

  /** A target as people name it: {@code <resource group>/<name>}. */
  public static String shortName(ComputeTarget t) {
    return t.resourceGroup() + "/" + t.name();
  }

  static String inFlight(LedgerRecord.Intent intent) {
    if (intent == null) {
      return "";
    }
    return "+"
        + intent.add().size()
        + " -"
        + intent.remove().size()
        + " ("
        + intent.operationId()
        + ")";
  }

  /** The state as a document for {@code -o json|yaml}. */
  public Map<String, Object> document() {
    List<Map<String, Object>> targets = new ArrayList<>();
    for (Target x : targets()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", x.target().armId());
      m.put("kind", kindName(x.target()));
      m.put("nodes", x.nodes());
      m.put("activePods", x.activePods());
      m.put("desired", List.copyOf(x.desired()));
      m.put("assigned", List.copyOf(x.assigned()));
      m.put("owned", List.copyOf(x.owned()));
      if (x.intent() != null) {
        m.put(
            "intent",
            Map.of(
                "operationId", x.intent().operationId(),
                "add", x.intent().add(),
                "remove", x.intent().remove()));
      }
      targets.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("counts", counts());
    doc.put("targets", targets);
    return doc;
  }
}
