package dev.podidentity.nmi.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (Debian package {@code wrk}), a C load generator in a process of its own: the client that is
 * not the bottleneck. Runs it and reads its summary.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern ERRORS = Pattern.compile("Socket errors:.*");

  private Wrk() {}

  /** Requests a second, and answers that were not 2xx, or socket errors as wrk reported them. */
  record Result(double rate, long non2xx, String socketErrors) {}

  /** Why wrk cannot run here, or null when it can. */
  static String unavailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "wrk").canExecute()) {
        return null;
      }
    }
    return "wrk is not installed (Debian: apt-get install -y wrk)";
  }

  static Result run(int threads, int connections, double seconds, String url)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s",
                "-H",
                "Metadata: true",
                url)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IOException("wrk printed no rate: " + out);
    }
    Matcher non2xx = NON_2XX.matcher(out);
    Matcher errors = ERRORS.matcher(out);
    return new Result(
        Double.parseDouble(rate.group(1)),
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        errors.find() ? errors.group() : "");
  }
}
