package dev.podidentity.cli.engine;

import java.util.Map;

/** Reads a nested field of an object map as text; "" when absent. */
final class Fields {
  private Fields() {}

  static String text(Map<String, Object> object, String... path) {
    Object node = object;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> m)) {
        return "";
      }
      node = m.get(key);
    }
    return node == null ? "" : String.valueOf(node);
  }
}
