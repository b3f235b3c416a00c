package dev.podidentity.cli.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.ExceptionRecord;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the cluster has now, in the terms the watcher publishes: nodes with their providerID,
 * scheduled pods, and the aad-pod-identity objects with the spec fields the services read.
 */
public record ClusterView(List<Node> nodes, List<Pod> pods, List<AadObject> aadObjects) {
  public ClusterView {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    aadObjects = List.copyOf(aadObjects);
  }

  /** A node and its providerID (null when it has none yet). */
  public record Node(String name, String providerId) {}

  /**
   * A pod; {@code nodeName} null while it is not scheduled, {@code phase} as the API spells it
   * (null before the kubelet reports one).
   */
  public record Pod(
      String uid,
      String namespace,
      String name,
      String nodeName,
      String phase,
      boolean deleting,
      Map<String, String> labels) {
    public Pod {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** As {@code PodRecord.active()}: not Succeeded or Failed and not being deleted. */
    public boolean active() {
      return !deleting && !PodPhase.ofApi(phase).terminal();
    }
  }

  /**
   * An AzureIdentity, AzureIdentityBinding or AzurePodIdentityException with the spec fields that
   * the config topic carries, as text ({@link #fieldsOf(ConfigRecord)} gives the log's side).
   */
  public record AadObject(String kind, String namespace, String name, Map<String, String> fields) {
    public AadObject {
      fields = Map.copyOf(fields);
    }

    public String key() {
      return Keys.config(kind, namespace, name);
    }

    /** From the object as the cluster returns it (a map in the layout users write in YAML). */
    public static AadObject of(Map<String, Object> object) {
      Map<?, ?> metadata = map(object.get("metadata"));
      Map<?, ?> spec = map(object.get("spec"));
      String kind = String.valueOf(object.get("kind"));
      Map<String, String> fields = new TreeMap<>();
      switch (kind) {
        case ConfigRecord.AZURE_IDENTITY -> {
          fields.put("resourceID", lower(text(spec.get("resourceID"))));
          fields.put("clientID", text(spec.get("clientID")));
        }
        case ConfigRecord.AZURE_IDENTITY_BINDING -> {
          fields.put("azureIdentity", text(spec.get("azureIdentity")));
          fields.put("selector", text(spec.get("selector")));
        }
        default -> fields.put("podLabels", labels(map(spec.get("podLabels"))));
      }
      return new AadObject(
          kind, text(metadata.get("namespace")), text(metadata.get("name")), fields);
    }
  }

  /** The same fields as {@link AadObject#of(Map)}, from the config topic's record. */
  public static Map<String, String> fieldsOf(ConfigRecord record) {
    Map<String, String> fields = new TreeMap<>();
    if (record instanceof IdentityRecord i) {
      fields.put("resourceID", lower(text(i.resourceId())));
      fields.put("clientID", text(i.clientId()));
    } else if (record instanceof BindingRecord b) {
      fields.put("azureIdentity", text(b.azureIdentity()));
      fields.put("selector", text(b.selector()));
    } else if (record instanceof ExceptionRecord e) {
      fields.put("podLabels", labels(e.podLabels()));
    }
    return fields;
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String labels(Map<?, ?> labels) {
    Map<String, String> sorted = new TreeMap<>();
    labels.forEach((k, v) -> sorted.put(String.valueOf(k), String.valueOf(v)));
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
