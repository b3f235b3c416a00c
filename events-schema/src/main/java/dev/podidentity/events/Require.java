package dev.podidentity.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Validation shared by the records' compact constructors; messages name the field. */
final class Require {
  private Require() {}

  static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("required field '" + field + "' is missing or empty");
    }
    return value;
  }

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("required field '" + field + "' is missing");
    }
    return value;
  }

  static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static Map<String, String> map(Map<String, String> value) {
    if (value == null) {
      return Map.of();
    }
    value.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "map key");
          Objects.requireNonNull(v, "value of " + k);
        });
    return Map.copyOf(value);
  }

  static int version(int schemaVersion) {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("required field 'schemaVersion' must be >= 1");
    }
    return schemaVersion;
  }
}
