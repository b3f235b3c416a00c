package dev.podidentity.systemtests.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU each process of the stack used between two snapshots, by role: this JVM (the benchmark's
 * clients and pod creation) and each descendant process, named after its jar or main class. CPU
 * time, unlike latency, is barely inflated by a loaded machine, so it says which process a cold
 * path's cost sits in even when the timings cannot be trusted.
 */
public final class ProcessCpu {
  private final Map<String, Long> nanosByRole;

  private ProcessCpu(Map<String, Long> nanosByRole) {
    this.nanosByRole = nanosByRole;
  }

  /** This JVM's and its descendants' CPU so far, summed by role. */
  public static ProcessCpu snapshot() {
    Map<String, Long> byRole = new TreeMap<>();
    add(byRole, "benchmark JVM", ProcessHandle.current());
    ProcessHandle.current().descendants().forEach(p -> add(byRole, role(commandLine(p)), p));
    return new ProcessCpu(byRole);
  }

  /**
   * CPU per {@code units} from this snapshot to {@code later}, largest first, e.g. {@code
   * "nmi-gateway 4.1 ms, kubernetes-api 3.2 ms"}; processes started meanwhile count from zero.
   */
  public String perUnitUntil(ProcessCpu later, int units) {
    Map<String, Long> delta = new LinkedHashMap<>();
    later.nanosByRole.forEach(
        (role, nanos) -> delta.put(role, nanos - nanosByRole.getOrDefault(role, 0L)));
    long total = delta.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%.1f ms in all: ", total / 1e6 / units)
        + delta.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e6 / units))
            .collect(Collectors.joining(", "));
  }

  /**
   * The whole command line: {@link ProcessHandle.Info#commandLine} cuts long ones short, before the
   * main class that follows the local stack's class path.
   */
  private static String commandLine(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return p.info().commandLine().orElse("");
    }
  }

  private static void add(Map<String, Long> byRole, String role, ProcessHandle p) {
    p.info().totalCpuDuration().ifPresent(d -> byRole.merge(role, d.toNanos(), Long::sum));
  }

  /** The service a command line runs: its Quarkus module, or its main class's simple name. */
  static String role(String commandLine) {
    int app = commandLine.indexOf("/target/quarkus-app/");
    if (app > 0) {
      String before = commandLine.substring(0, app);
      return before.substring(before.lastIndexOf('/') + 1);
    }
    for (String word : commandLine.split(" ")) {
      if (word.startsWith("dev.podidentity.") || word.startsWith("kafka.")) {
        String[] parts = word.split("\\.");
        String simple = parts[parts.length - 1];
        // A class named Main says nothing: its package does (the Azure simulator's).
        return simple.equals("Main") && parts.length > 1 ? parts[parts.length - 2] : simple;
      }
    }
    return "other";
  }
}
