package dev.podidentity.local.core;

import java.util.List;

/** The last lines of a log, shown when a process fails to start. */
public final class Tail {
  private Tail() {}

  public static List<String> of(List<String> lines, int count) {
    if (count <= 0 || lines.isEmpty()) {
      return List.of();
    }
    return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
