package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which fields of an object the API server would drop when storing it under a structural CRD
 * schema: fields not declared in {@code properties}, unless the object's schema has {@code
 * x-kubernetes-preserve-unknown-fields: true} or {@code additionalProperties}. A JSON-schema
 * validator cannot tell this (JSON Schema allows unknown fields), yet it is what broke objects with
 * capitalised field names when aad-pod-identity moved to pruning v1 CRDs.
 */
final class StructuralPruning {
  private StructuralPruning() {}

  /** The JSON paths of the fields that would be pruned; empty when the object is kept whole. */
  static List<String> prunedPaths(JsonNode schema, JsonNode object) {
    List<String> pruned = new ArrayList<>();
    walk(schema, object, "", pruned, true);
    return pruned;
  }

  private static void walk(
      JsonNode schema, JsonNode value, String path, List<String> pruned, boolean root) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isArray()) {
      JsonNode items = schema.path("items");
      for (int i = 0; i < value.size(); i++) {
        walk(items, value.get(i), path + "[" + i + "]", pruned, false);
      }
      return;
    }
    if (!value.isObject()) {
      return;
    }
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      String fieldPath = path + "." + name;
      // apiVersion, kind and metadata are always kept at the root and in embedded resources.
      if ((root || embedded) && List.of("apiVersion", "kind", "metadata").contains(name)) {
        continue;
      }
      if (properties.has(name)) {
        walk(properties.get(name), field.getValue(), fieldPath, pruned, false);
      } else if (additional.isObject()) {
        walk(additional, field.getValue(), fieldPath, pruned, false);
      } else if (!preserve) {
        pruned.add(fieldPath);
      }
    }
  }
}
