package dev.podidentity.local.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A file of shell exports to {@code source}: one {@code export NAME='value'} a line, in the order
 * given, each value single-quoted so that paths with spaces and secrets with shell characters
 * arrive as written.
 */
public final class EnvFile {
  private EnvFile() {}

  /** The file's text: a comment line per entry of {@code comments}, then the exports. */
  public static String render(List<String> comments, Map<String, String> exports) {
    List<String> lines = new ArrayList<>();
    comments.forEach(c -> lines.add("# " + c));
    exports.forEach(
        (name, value) -> {
          if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a variable name: " + name);
          }
          lines.add("export " + name + "=" + quote(value));
        });
    return String.join("\n", lines) + "\n";
  }

  /** {@code value} in single quotes; a single quote inside becomes {@code '\''}. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
