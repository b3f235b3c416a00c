package dev.podidentity.local.chaos.core;

/** Resident memory of a process, from the text Linux gives in {@code /proc/<pid>/status}. */
public final class Rss {
  private Rss() {}

  /** The {@code VmRSS: 1234 kB} figure in kB; -1 when the text has none (a process gone). */
  public static long kb(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring(6).trim().split("\\s+");
        return Long.parseLong(parts[0]);
      }
    }
    return -1;
  }
}
