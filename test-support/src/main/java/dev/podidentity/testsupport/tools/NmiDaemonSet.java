package dev.podidentity.testsupport.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NMI DaemonSet's process environment as {@code k8s/base/nmi.yaml} sets it: its JVM options and
 * malloc arena limit, read from the manifest so that what runs the NMI outside a cluster (the NMI's
 * benchmarks, the local stack) runs what is deployed.
 */
public final class NmiDaemonSet {
  static final Path MANIFEST = Path.of("k8s", "base", "nmi.yaml");

  private NmiDaemonSet() {}

  /**
   * {@code JDK_JAVA_OPTIONS} and {@code MALLOC_ARENA_MAX} of the manifest under {@code repoRoot}.
   */
  public static Map<String, String> environment(Path repoRoot) throws IOException {
    String manifest = Files.readString(repoRoot.resolve(MANIFEST));
    return Map.of(
        "JDK_JAVA_OPTIONS", envValue(manifest, "JDK_JAVA_OPTIONS"),
        "MALLOC_ARENA_MAX", envValue(manifest, "MALLOC_ARENA_MAX"));
  }

  static String envValue(String manifest, String name) {
    Matcher m =
        Pattern.compile("- name: " + name + "\\s*\\n\\s*value: \"([^\"]*)\"").matcher(manifest);
    if (!m.find()) {
      throw new IllegalStateException(name + " not found in " + MANIFEST);
    }
    return m.group(1);
  }
}
