package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.chaos.core.Rss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resident memory of each Quarkus service, from {@code /proc/<pid>/status}. The service's process
 * is found among this JVM's children by the HTTP port in its environment, so a restarted service is
 * measured as it is now. Linux only; elsewhere every figure is -1.
 */
final class Memory {
  private Memory() {}

  static Map<String, Long> sample(LocalStack stack) {
    Map<String, String> byPort = new TreeMap<>();
    for (String service : stack.services()) {
      try {
        String url = stack.managementUrl(service);
        byPort.put(url.replaceAll(".*:(\\d+)/q$", "$1"), service);
      } catch (IllegalArgumentException notQuarkus) {
        // The broker's, API's and simulator's processes are the harness's, not the product's.
      }
    }
    Map<String, Long> out = new TreeMap<>();
    byPort.values().forEach(s -> out.put(s, -1L));
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String port = httpPort(p.pid());
              if (port != null && byPort.containsKey(port)) {
                out.put(byPort.get(port), rss(p.pid()));
              }
            });
    return out;
  }

  private static String httpPort(long pid) {
    try {
      byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      for (String entry : new String(env, StandardCharsets.UTF_8).split("\0")) {
        if (entry.startsWith("QUARKUS_HTTP_PORT=")) {
          return entry.substring("QUARKUS_HTTP_PORT=".length());
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static long rss(long pid) {
    try {
      return Rss.kb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
