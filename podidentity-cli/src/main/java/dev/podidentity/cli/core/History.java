package dev.podidentity.cli.core;

import dev.podidentity.cli.core.HistoryEntry.Change;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.EventParseException;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who held which identity on which scale set when: the changes the assignments and ledger topics
 * record, oldest first. Each key's records are compared with the one before (in offset order), so
 * only changes are entries: a republished identical record adds nothing. Assignments give, per pod
 * and identity, {@code CREATED}, {@code ASSIGNED}, {@code FAILED} and {@code UNASSIGNED} (the
 * identity left the pod's record, or the pod's tombstone); the ledger gives, per scale set, the
 * identities the assigner came to own ({@code ADDED}) or gave up ({@code REMOVED}) and the intents
 * before them. A value that cannot be read is an {@code UNREADABLE} entry, never an error.
 */
public final class History {
  private final List<HistoryEntry> entries;
  private final Map<String, Set<String>> resourceIds;

  private History(List<HistoryEntry> entries, Map<String, Set<String>> resourceIds) {
    this.entries = List.copyOf(entries);
    this.resourceIds = resourceIds;
  }

  /** The history of every record the two topics still keep. */
  public static History of(List<LogRecord> ledger, List<LogRecord> assignments) {
    List<Read<AssignmentRecord>> pods = read(assignments, AssignmentRecord.class);
    Map<String, Set<String>> resourceIds = new HashMap<>();
    Map<String, Set<String>> names = new HashMap<>();
    for (Read<AssignmentRecord> r : pods) {
      r.value.ifPresent(
          a -> {
            for (AssignedIdentity i : a.identities()) {
              if (i.resourceId() != null) {
                resourceIds.computeIfAbsent(name(i), k -> new TreeSet<>()).add(i.resourceId());
                names.computeIfAbsent(i.resourceId(), k -> new TreeSet<>()).add(name(i));
              }
            }
          });
    }
    List<HistoryEntry> out = new ArrayList<>();
    ledgerEntries(read(ledger, LedgerRecord.class), names, out);
    assignmentEntries(pods, out);
    // Stable: entries of one instant keep the order their records were written in.
    out.sort(Comparator.comparing(HistoryEntry::time));
    return new History(out, resourceIds);
  }

  public List<HistoryEntry> entries() {
    return entries;
  }

  /** The entries the filter keeps. */
  public List<HistoryEntry> select(HistoryFilter filter) {
    Set<String> ids =
        filter.identity() == null
            ? Set.of()
            : resourceIds.getOrDefault(filter.identity(), Set.of());
    return entries.stream().filter(e -> filter.matches(e, ids)).toList();
  }

  /** One record, with its value read: empty for a tombstone or an unreadable value. */
  private record Read<T extends Event>(LogRecord record, Optional<T> value, String error) {}

  private static <T extends Event> List<Read<T>> read(List<LogRecord> records, Class<T> type) {
    List<Read<T>> out = new ArrayList<>();
    records.stream()
        .filter(r -> r.key() != null) // not ours: every record of the contract has a key
        .sorted(Comparator.comparingInt(LogRecord::partition).thenComparingLong(LogRecord::offset))
        .forEach(
            r -> {
              if (r.tombstone()) {
                out.add(new Read<>(r, Optional.empty(), null));
                return;
              }
              try {
                out.add(new Read<>(r, Optional.of(EventJson.parse(r.value(), type)), null));
              } catch (EventParseException | IllegalArgumentException e) {
                out.add(new Read<>(r, Optional.empty(), e.getMessage()));
              }
            });
    return out;
  }

  private static void assignmentEntries(
      List<Read<AssignmentRecord>> records, List<HistoryEntry> out) {
    // Per key: absent = never seen, empty = deleted, else the latest readable record.
    Map<String, Optional<AssignmentRecord>> last = new HashMap<>();
    for (Read<AssignmentRecord> r : records) {
      String key = r.record.key();
      Optional<AssignmentRecord> seen = last.get(key);
      AssignmentRecord before = seen == null ? null : seen.orElse(null);
      Entries e = new Entries(r.record, out);
      if (r.error != null) {
        e.pod(before, key).add(Change.UNREADABLE, "", "", unreadable(r));
      } else if (r.value.isEmpty()) {
        last.put(key, Optional.empty());
        if (seen == null) {
          e.pod(null, key)
              .add(Change.UNASSIGNED, "", "", "pod deleted; its earlier records are gone");
        }
        for (AssignedIdentity i :
            before == null ? List.<AssignedIdentity>of() : before.identities()) {
          e.pod(before, key).add(Change.UNASSIGNED, name(i), i.resourceId(), "pod deleted");
        }
      } else {
        AssignmentRecord now = r.value.get();
        last.put(key, r.value);
        Map<String, AssignedIdentity> was = byName(before);
        Map<String, AssignedIdentity> is = byName(now);
        for (AssignedIdentity i : is.values()) {
          AssignedIdentity w = was.get(name(i));
          if (w == null || w.state() != i.state() || !same(w.reason(), i.reason())) {
            e.pod(now, key).add(change(i.state()), name(i), i.resourceId(), detail(i));
          }
        }
        for (AssignedIdentity w : was.values()) {
          if (!is.containsKey(name(w))) {
            e.pod(now, key).add(Change.UNASSIGNED, name(w), w.resourceId(), "no longer bound");
          }
        }
      }
    }
  }

  private static void ledgerEntries(
      List<Read<LedgerRecord>> records, Map<String, Set<String>> names, List<HistoryEntry> out) {
    Map<String, Optional<LedgerRecord>> last = new HashMap<>();
    for (Read<LedgerRecord> r : records) {
      String key = r.record.key();
      Optional<LedgerRecord> seen = last.get(key);
      LedgerRecord before = seen == null ? null : seen.orElse(null);
      Entries e = new Entries(r.record, out).target(Keys.routingOf(key));
      if (r.error != null) {
        e.add(Change.UNREADABLE, "", "", unreadable(r));
      } else if (r.value.isEmpty()) {
        last.put(key, Optional.empty());
        if (before != null || seen == null) {
          String why =
              before == null
                  ? "its earlier records are gone"
                  : "owned " + before.owned().size() + " identities before";
          e.add(Change.LEDGER_DELETED, "", "", why);
        }
      } else {
        LedgerRecord now = r.value.get();
        last.put(key, r.value);
        e.target(now.target().armId());
        LedgerRecord.Intent was = before == null ? null : before.intent();
        List<String> owned = before == null ? List.of() : before.owned();
        for (String id : now.owned()) {
          if (!owned.contains(id)) {
            String why =
                seen == null
                    ? "owned at the earliest record kept"
                    : was != null && was.add().contains(id)
                        ? "added by operation " + was.operationId()
                        : "adopted: already on the scale set";
            e.add(Change.ADDED, display(id, names), id, why);
          }
        }
        for (String id : owned) {
          if (!now.owned().contains(id)) {
            String why =
                was != null && was.remove().contains(id)
                    ? "removed by operation " + was.operationId()
                    : "no longer owned";
            e.add(Change.REMOVED, display(id, names), id, why);
          }
        }
        LedgerRecord.Intent intent = now.intent();
        if (intent != null && !intent.equals(was)) {
          String op = "operation " + intent.operationId();
          intent.add().forEach(id -> e.add(Change.INTENT_ADD, display(id, names), id, op));
          intent.remove().forEach(id -> e.add(Change.INTENT_REMOVE, display(id, names), id, op));
        }
      }
    }
  }

  /** Builds the entries of one record: where it is, and the pod or target it is about. */
  private static final class Entries {
    private final LogRecord record;
    private final List<HistoryEntry> out;
    private String target = "";
    private String pod = "";
    private String podUid = "";
    private String node = "";

    Entries(LogRecord record, List<HistoryEntry> out) {
      this.record = record;
      this.out = out;
    }

    Entries target(String target) {
      this.target = target;
      return this;
    }

    /** The pod of {@code a}, or (when unknown) what the key says: its target and uid. */
    Entries pod(AssignmentRecord a, String key) {
      podUid = Keys.podUidOf(key);
      if (a == null) {
        return target(Keys.routingOf(key));
      }
      pod = a.namespace() + "/" + a.podName();
      node = a.nodeName();
      return target(a.target().armId());
    }

    void add(Change change, String identity, String resourceId, String detail) {
      out.add(
          new HistoryEntry(
              Instant.ofEpochMilli(record.timestampMillis()),
              change,
              target,
              pod,
              podUid,
              node,
              identity,
              resourceId,
              detail,
              record.topic(),
              record.partition(),
              record.offset()));
    }
  }

  private static Map<String, AssignedIdentity> byName(AssignmentRecord a) {
    Map<String, AssignedIdentity> m = new LinkedHashMap<>();
    if (a != null) {
      a.identities().forEach(i -> m.put(name(i), i));
    }
    return m;
  }

  private static String name(AssignedIdentity i) {
    return i.identityNamespace() + "/" + i.identityName();
  }

  /** The AzureIdentities that name the resource (from the assignments), or the resource's name. */
  private static String display(String resourceId, Map<String, Set<String>> names) {
    Set<String> known = names.get(resourceId);
    return known == null
        ? resourceId.substring(resourceId.lastIndexOf('/') + 1)
        : String.join(",", known);
  }

  private static Change change(AssignmentState state) {
    return switch (state) {
      case CREATED -> Change.CREATED;
      case ASSIGNED -> Change.ASSIGNED;
      case FAILED -> Change.FAILED;
    };
  }

  private static String detail(AssignedIdentity i) {
    return i.state() == AssignmentState.FAILED ? i.reason() : "binding " + i.bindingName();
  }

  private static String unreadable(Read<?> r) {
    // The parser's message may span lines (it quotes the input); a table row may not.
    String why = r.error == null ? "" : r.error.replaceAll("\\s+", " ");
    return "offset " + r.record.offset() + " of partition " + r.record.partition() + ": " + why;
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}
