package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The objects one kustomization renders to, with the look-ups the checks need. */
record Rendered(Path dir, List<JsonNode> objects) {
  static final List<String> WORKLOAD_KINDS =
      List.of("Deployment", "DaemonSet", "StatefulSet", "Job", "CronJob");

  String name() {
    return Kustomize.moduleDir().relativize(dir).toString();
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(nameOf(o))).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new AssertionError(name() + " renders no " + kind + " " + name));
  }

  List<Workload> workloads() {
    List<Workload> result = new ArrayList<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      if (!WORKLOAD_KINDS.contains(kind)) {
        continue;
      }
      JsonNode podSpec =
          "CronJob".equals(kind)
              ? o.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
              : o.path("spec").path("template").path("spec");
      result.add(new Workload(kind, nameOf(o), o, podSpec));
    }
    return result;
  }

  /** The settings ConfigMap's value as the containers will see it. */
  String setting(String key) {
    return ofKind("ConfigMap").stream()
        .filter(c -> nameOf(c).startsWith("podidentity-settings"))
        .findFirst()
        .map(c -> c.path("data").path(key).asText(null))
        .orElseThrow(() -> new AssertionError(name() + " has no podidentity-settings ConfigMap"));
  }

  static String nameOf(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }

  static String namespaceOf(JsonNode o) {
    return o.path("metadata").path("namespace").asText("");
  }

  /** A pod-creating object and its pod spec. */
  record Workload(String kind, String name, JsonNode object, JsonNode podSpec) {
    List<JsonNode> containers() {
      List<JsonNode> all = new ArrayList<>();
      podSpec.path("initContainers").forEach(all::add);
      podSpec.path("containers").forEach(all::add);
      return all;
    }

    boolean runsToCompletion() {
      return "Job".equals(kind) || "CronJob".equals(kind);
    }

    @Override
    public String toString() {
      return kind + "/" + name;
    }
  }
}
