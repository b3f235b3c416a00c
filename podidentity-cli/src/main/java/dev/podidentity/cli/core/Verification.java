package dev.podidentity.cli.core;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code replay --verify}: where the replayed state and the world disagree. Against the cluster,
 * what the watcher missed or still has after a deletion; against Azure, per target, identities the
 * assignment records call ASSIGNED or the ledger calls owned that ARM does not show. Identities ARM
 * shows that pods use but we do not own were there before us: kept, reported as information only.
 */
public final class Verification {
  /** A difference makes the exit code 1; information does not. */
  public enum Severity {
    DIFFERENCE,
    INFO
  }

  /** One finding: where, what, and what each side says. */
  public record Finding(Severity severity, String where, String what, String log, String actual) {}

  /** What ARM says about a target: its user-assigned identities, or why they could not be read. */
  public record AzureView(SortedSet<String> identities, String error) {
    public static AzureView of(java.util.Collection<String> identities) {
      TreeSet<String> ids = new TreeSet<>();
      identities.forEach(i -> ids.add(i.toLowerCase(Locale.ROOT)));
      return new AzureView(ids, null);
    }

    public static AzureView failed(String error) {
      return new AzureView(new TreeSet<>(), error);
    }
  }

  private static final String ABSENT = "absent";
  private static final String PRESENT = "present";

  private Verification() {}

  /** Nodes, scheduled pods and aad-pod-identity objects: the log against the cluster. */
  public static List<Finding> withCluster(Replay replay, ClusterView cluster) {
    List<Finding> out = new ArrayList<>();
    compare(
        "node/",
        replay.nodes(),
        index(cluster.nodes(), ClusterView.Node::name),
        (key, log, now) -> {
          if (!Objects.equals(log.providerId(), now.providerId())) {
            out.add(diff("node/" + key, "providerID", log.providerId(), now.providerId()));
          }
        },
        out);
    List<ClusterView.Pod> scheduled =
        cluster.pods().stream().filter(p -> p.nodeName() != null).toList();
    TreeSet<String> labelKeys = labelsThatMatter(replay);
    compare(
        "pod uid ",
        replay.pods(),
        index(scheduled, ClusterView.Pod::uid),
        (key, log, now) -> comparePod(log, now, labelKeys, out),
        out);
    Map<String, Map<String, String>> logConfig = new LinkedHashMap<>();
    replay.config().forEach((key, r) -> logConfig.put(key, ClusterView.fieldsOf(r)));
    compare(
        "",
        logConfig,
        index(cluster.aadObjects(), ClusterView.AadObject::key),
        (key, log, now) ->
            log.forEach(
                (field, value) -> {
                  String current = now.fields().getOrDefault(field, "");
                  if (!value.equals(current)) {
                    out.add(diff(key, "spec." + field, value, current));
                  }
                }),
        out);
    return out;
  }

  /** The binding label and every label an exception selects pods by: the labels NMI reads. */
  private static TreeSet<String> labelsThatMatter(Replay replay) {
    TreeSet<String> keys = new TreeSet<>();
    keys.add(PodRecord.BINDING_LABEL);
    for (ConfigRecord c : replay.config().values()) {
      if (c instanceof ExceptionRecord e) {
        keys.addAll(e.podLabels().keySet());
      }
    }
    return keys;
  }

  private static void comparePod(
      PodRecord log, ClusterView.Pod now, TreeSet<String> labelKeys, List<Finding> out) {
    String where = "pod/" + log.namespace() + "/" + log.name();
    if (!log.nodeName().equals(now.nodeName())) {
      out.add(diff(where, "node", log.nodeName(), now.nodeName()));
    }
    if (log.active() != now.active()) {
      out.add(diff(where, "active", activity(log.active()), activity(now.active())));
    }
    for (String key : labelKeys) {
      String a = log.labels().get(key);
      String b = now.labels().get(key);
      if (!Objects.equals(a, b)) {
        out.add(diff(where, "label " + key, a == null ? ABSENT : a, b == null ? ABSENT : b));
      }
    }
  }

  private static String activity(boolean active) {
    return active ? "active" : "finished";
  }

  /** What to compare of an object on both sides. */
  @FunctionalInterface
  private interface Both<L, C> {
    void accept(String key, L log, C now);
  }

  /** Keys on one side only, then {@code both} for keys on both sides. */
  private static <L, C> void compare(
      String prefix,
      Map<String, L> log,
      Map<String, C> cluster,
      Both<L, C> both,
      List<Finding> out) {
    for (Map.Entry<String, L> e : log.entrySet()) {
      C now = cluster.get(e.getKey());
      if (now == null) {
        out.add(
            diff(prefix + e.getKey(), "still in the event log after deletion", PRESENT, ABSENT));
      } else {
        both.accept(e.getKey(), e.getValue(), now);
      }
    }
    for (String key : cluster.keySet()) {
      if (!log.containsKey(key)) {
        out.add(diff(prefix + key, "missing from the event log", ABSENT, PRESENT));
      }
    }
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> out = new LinkedHashMap<>();
    items.forEach(i -> out.put(key.apply(i), i));
    return out;
  }

  /**
   * Per target, the identities ARM shows against the assignment records and the ledger. {@code
   * azure} holds a view for each target of {@link Replay#targets()} that could be read or failed.
   */
  public static List<Finding> withAzure(Replay replay, Map<ComputeTarget, AzureView> azure) {
    List<Finding> out = new ArrayList<>();
    for (Replay.Target t : replay.targets()) {
      AzureView view = azure.get(t.target());
      if (view == null) {
        continue;
      }
      String where = Replay.kindName(t.target()) + " " + Replay.shortName(t.target());
      if (view.error() != null) {
        out.add(diff(where, "its identities could not be read", "-", view.error()));
        continue;
      }
      SortedSet<String> now = view.identities();
      for (String id : t.assigned()) {
        if (!now.contains(id)) {
          out.add(diff(where, name(id) + ": pods' token requests will fail", "ASSIGNED", ABSENT));
        }
      }
      for (String id : t.owned()) {
        if (!now.contains(id)) {
          out.add(diff(where, name(id) + ": owned but not on the target", "owned", ABSENT));
        }
      }
      for (String id : now) {
        if (t.desired().contains(id) && !t.owned().contains(id)) {
          out.add(info(where, name(id) + ": there before us, kept", "used, not owned", PRESENT));
        } else if (t.owned().contains(id) && !t.desired().contains(id)) {
          out.add(
              info(
                  where,
                  name(id) + ": owned, no pod needs it (removed after linger)",
                  "owned",
                  PRESENT));
        }
      }
      if (t.intent() != null) {
        out.add(info(where, "an operation is in flight", Replay.inFlight(t.intent()), "-"));
      }
    }
    return out;
  }

  /** The one finding when Azure could not be asked at all (no credential works, say). */
  public static Finding azureNotChecked(String reason) {
    return info("azure", "not checked: " + reason, "-", "-");
  }

  /** 0 when nothing differs (information aside), 1 otherwise. */
  public static int exitCode(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.DIFFERENCE) ? 1 : 0;
  }

  /** {@code WHERE WHAT EVENT LOG CLUSTER/AZURE}, differences first. */
  public static Table table(List<Finding> findings) {
    Table t = new Table("SEVERITY", "WHERE", "WHAT", "EVENT LOG", "CLUSTER/AZURE");
    for (Severity s : Severity.values()) {
      findings.stream()
          .filter(f -> f.severity() == s)
          .forEach(
              f ->
                  t.row(
                      s.name().toLowerCase(Locale.ROOT), f.where(), f.what(), f.log(), f.actual()));
    }
    return t;
  }

  /** The findings for {@code -o json|yaml}. */
  public static List<Map<String, Object>> document(List<Finding> findings) {
    return findings.stream()
        .map(
            f -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
              m.put("where", f.where());
              m.put("what", f.what());
              m.put("eventLog", f.log());
              m.put("actual", f.actual());
              return m;
            })
        .collect(Collectors.toList());
  }

  /** An identity as people name it: {@code <resource group>/<name>}. */
  static String name(String resourceId) {
    String[] s = resourceId.split("/");
    return s.length >= 9 ? s[4] + "/" + s[8] : resourceId;
  }

  private static Finding diff(String where, String what, String log, String actual) {
    return new Finding(Severity.DIFFERENCE, where, what, nullText(log), nullText(actual));
  }

  private static Finding info(String where, String what, String log, String actual) {
    return new Finding(Severity.INFO, where, what, log, actual);
  }

  private static String nullText(String s) {
    return s == null ? "-" : s;
  }
}
