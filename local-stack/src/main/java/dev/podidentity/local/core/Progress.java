package dev.podidentity.local.core;

import java.time.Duration;
import java.util.Locale;

/** The progress lines the launcher prints while it starts, e.g. {@code [3/7] Azure simulator}. */
public final class Progress {
  private Progress() {}

  public static String starting(int step, int total, String part) {
    return "[" + step + "/" + total + "] " + part + " ...";
  }

  public static String up(int step, int total, String part, String where, Duration took) {
    return starting(step, total, part) + " up on " + where + " (" + seconds(took) + ")";
  }

  /** {@code 0.6 s}, {@code 12.3 s}: one decimal, always a dot. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
