package dev.podidentity.nmi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.bench.Pacing;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;

/**
 * P9: cold token requests (a resource never asked before, so the NMI calls IMDS) from the bound
 * pod, and the same requests straight to IMDS, interleaved. Two figures per request:
 *
 * <ul>
 *   <li>the NMI's own, from its request log line: {@code duration_ms − upstream_ms}, request
 *       received to answer written less the IMDS call (the P9 figure: no client in it);
 *   <li>the client's: the time it waited minus the time IMDS itself took to answer (measured in the
 *       stub); through the NMI that is the NMI's overhead plus the client's and the loopback's,
 *       straight to IMDS the client's and the loopback's alone (the baseline).
 * </ul>
 *
 * Paced at 10 a second, under the NMI's 20-a-second IMDS limit, so no request queues at that limit.
 */
final class ColdPath {
  private ColdPath() {}

  private static final Pattern LINE =
      Pattern.compile("resource=(\\S+) status=200 .*duration_ms=([0-9.]+) upstream_ms=([0-9.]+)");

  /**
   * {@code warmup} cold requests first, not counted: the IMDS client's code is compiled by then, as
   * on a node that has been serving a while.
   */
  static void measure(
      StubImds imds, int nmiPort, int warmup, int requests, Path nmiLog, StringBuilder report)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Histogram viaNmi = new Histogram(60_000_000L, 3);
    Histogram direct = new Histogram(60_000_000L, 3);
    Histogram imdsOwn = new Histogram(60_000_000L, 3);
    long interval = 100_000_000L;
    long start = System.nanoTime();
    String run = Long.toHexString(start);
    for (int i = -warmup; i < requests; i++) {
      String resource =
          (i < 0 ? "https://warm-" : "https://cold-") + run + "-" + i + ".bench.example/";
      String straight = "https://direct-" + run + "-" + i + ".bench.example/";
      long due = start + (i + warmup) * interval;
      Pacing.awaitNanoTime(due);
      long nmi = timed(http, "http://127.0.0.1:" + nmiPort, resource);
      if (i < 0) {
        continue;
      }
      long own = imds.answerMicros(resource);
      viaNmi.recordValue(Math.max(0, nmi - own));
      imdsOwn.recordValue(own);
      long straightTotal = timed(http, imds.url(), straight);
      direct.recordValue(Math.max(0, straightTotal - imds.answerMicros(straight)));
    }
    Histogram own = nmiOwnTimes(nmiLog, "https://cold-" + run + "-", requests);
    String line =
        String.format(
            "P9 cold path, %d requests after %d not counted, IMDS answering in p50 %.3f ms: the NMI's own time (its log"
                + " lines: duration_ms − upstream_ms) p50 %.3f, p99 %.3f, max %.3f ms; seen by the"
                + " client, NMI answered − IMDS's own time p50 %.3f, p99 %.3f, max %.3f ms; the client"
                + " straight to IMDS p50 %.3f, p99 %.3f ms",
            requests,
            warmup,
            imdsOwn.getValueAtPercentile(50) / 1000.0,
            own.getValueAtPercentile(50) / 1000.0,
            own.getValueAtPercentile(99) / 1000.0,
            own.getMaxValue() / 1000.0,
            viaNmi.getValueAtPercentile(50) / 1000.0,
            viaNmi.getValueAtPercentile(99) / 1000.0,
            viaNmi.getMaxValue() / 1000.0,
            direct.getValueAtPercentile(50) / 1000.0,
            direct.getValueAtPercentile(99) / 1000.0);
    System.out.println(line);
    report.append(line).append('\n');
    BenchmarkReport.record(
        "P9",
        "NMI cold path: the NMI's own time in a request that called IMDS (ms, its request log's"
            + " duration_ms − upstream_ms), stub IMDS, "
            + requests
            + " requests after "
            + warmup
            + " cold ones not counted",
        String.format(
            "p50 %.3f, p99 %.3f, max %.3f",
            own.getValueAtPercentile(50) / 1000.0,
            own.getValueAtPercentile(99) / 1000.0,
            own.getMaxValue() / 1000.0),
        String.format(
            "client-side (answered − IMDS's own time): p50 %.3f, p99 %.3f; the same client"
                + " straight to IMDS: p50 %.3f, p99 %.3f",
            viaNmi.getValueAtPercentile(50) / 1000.0,
            viaNmi.getValueAtPercentile(99) / 1000.0,
            direct.getValueAtPercentile(50) / 1000.0,
            direct.getValueAtPercentile(99) / 1000.0),
        "p99 < 1 ms");
  }

  /**
   * Per cold request, in microseconds, {@code duration_ms − upstream_ms} from the NMI's request log
   * lines of the resources starting with {@code prefix}; waits for the log's next flush.
   */
  private static Histogram nmiOwnTimes(Path log, String prefix, int requests) {
    Histogram own = new Histogram(60_000_000L, 3);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              own.reset();
              try (Stream<String> lines = Files.lines(log)) {
                lines.forEach(
                    l -> {
                      Matcher m = LINE.matcher(l);
                      if (m.find() && m.group(1).startsWith(prefix)) {
                        double ms = Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(3));
                        own.recordValue(Math.max(0, Math.round(ms * 1000)));
                      }
                    });
              }
              return own.getTotalCount() == requests;
            });
    return own;
  }

  /** Microseconds from sending a token request for {@code resource} to its whole answer. */
  private static long timed(HttpClient http, String base, String resource) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                        + URLEncoder.encode(resource, StandardCharsets.UTF_8)))
            .header("Metadata", "true")
            .timeout(Duration.ofSeconds(20))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<byte[]> answer = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    long micros = (System.nanoTime() - t0) / 1000;
    assertThat(answer.statusCode())
        .as(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return micros;
  }
}
