package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.chaos.core.MemoryFigures;
import dev.podidentity.local.chaos.core.MemoryFigures.LiveHeaps;
import dev.podidentity.local.chaos.core.Rss;
import dev.podidentity.testsupport.net.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Memory of each Quarkus service: resident size from {@code /proc/<pid>/status}, and live heap,
 * read from the service's own metrics right after {@code jcmd <pid> GC.run}. The service's process
 * is found among this JVM's children by the HTTP port in its environment, so a restarted service is
 * measured as it is now. Linux only; elsewhere, or for a service down, every figure is -1.
 */
final class Memory {
  private static final HttpClient HTTP = PlainHttp.client(Duration.ofSeconds(5));

  private Memory() {}

  /** Resident size per service, kB. */
  static Map<String, Long> rss(LocalStack stack) {
    Map<String, Long> out = new TreeMap<>();
    processes(stack).forEach((service, pid) -> out.put(service, pid < 0 ? -1 : rssKb(pid)));
    return out;
  }

  /**
   * Live heap per service, bytes: a full collection first (one pause of tens of milliseconds per
   * service, so taken when a pause breaks no figure), then the heap its metrics say is in use.
   */
  static Map<String, Long> liveHeap(LocalStack stack) {
    Map<String, Long> out = new TreeMap<>();
    processes(stack)
        .forEach(
            (service, pid) ->
                out.put(
                    service,
                    pid < 0 ? -1 : liveHeap(pid, stack.services().managementUrl(service))));
    return out;
  }

  /**
   * The live heaps with the pods alive then; sampled again every 2 s while a service is down (a
   * kill fault's restart) until {@code deadlineMillis}, so that each is measured when the schedule
   * allows.
   */
  static LiveHeaps liveHeapsOnceUp(
      LocalStack stack, IntSupplier pods, LongSupplier nowMillis, long deadlineMillis) {
    LiveHeaps heaps = new LiveHeaps(pods.getAsInt(), liveHeap(stack));
    while (heaps.bytes().containsValue(-1L) && nowMillis.getAsLong() + 2_000 < deadlineMillis) {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return heaps;
      }
      heaps = new LiveHeaps(pods.getAsInt(), liveHeap(stack));
    }
    return heaps;
  }

  private static long liveHeap(long pid, String managementUrl) {
    try {
      Process gc =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid),
                  "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
        gc.destroyForcibly();
        return -1;
      }
      HttpResponse<String> metrics =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return metrics.statusCode() == 200 ? MemoryFigures.heapUsed(metrics.body()) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Each Quarkus service's process id, -1 for one not running. */
  private static Map<String, Long> processes(LocalStack stack) {
    Map<String, String> byPort = new TreeMap<>();
    for (String service : stack.services().names()) {
      try {
        String url = stack.services().managementUrl(service);
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
                out.put(byPort.get(port), p.pid());
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

  private static long rssKb(long pid) {
    try {
      return Rss.kb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
