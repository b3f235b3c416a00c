package dev.podidentity.nmi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * P9: cold token requests (a resource never asked before, so the NMI calls IMDS) from the bound
 * pod, and the same requests straight to IMDS, interleaved. Per request, the time the client waited
 * minus the time IMDS itself took to answer: through the NMI that is the NMI's overhead plus the
 * client's; straight to IMDS it is the client's alone (the baseline). Paced at 10 a second, under
 * the NMI's 20-a-second IMDS limit, so no request queues at that limit.
 */
final class ColdPath {
  private ColdPath() {}

  static void measure(StubImds imds, int nmiPort, int requests, StringBuilder report)
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
    for (int i = 0; i < requests; i++) {
      String resource = "https://cold-" + run + "-" + i + ".bench.example/";
      String straight = "https://direct-" + run + "-" + i + ".bench.example/";
      long due = start + i * interval;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      long nmi = timed(http, "http://127.0.0.1:" + nmiPort, resource);
      long own = imds.answerMicros(resource);
      viaNmi.recordValue(Math.max(0, nmi - own));
      imdsOwn.recordValue(own);
      long straightTotal = timed(http, imds.url(), straight);
      direct.recordValue(Math.max(0, straightTotal - imds.answerMicros(straight)));
    }
    String line =
        String.format(
            "P9 cold path, %d requests, IMDS answering in p50 %.3f ms: NMI answered − IMDS's own"
                + " time p50 %.3f, p99 %.3f, max %.3f ms; the client straight to IMDS p50 %.3f, p99"
                + " %.3f ms",
            requests,
            imdsOwn.getValueAtPercentile(50) / 1000.0,
            viaNmi.getValueAtPercentile(50) / 1000.0,
            viaNmi.getValueAtPercentile(99) / 1000.0,
            viaNmi.getMaxValue() / 1000.0,
            direct.getValueAtPercentile(50) / 1000.0,
            direct.getValueAtPercentile(99) / 1000.0);
    System.out.println(line);
    report.append(line).append('\n');
    BenchmarkReport.record(
        "P9",
        "NMI cold path: token answered − IMDS answer time (ms), stub IMDS, "
            + requests
            + " requests, client in the test JVM",
        String.format(
            "p50 %.3f, p99 %.3f",
            viaNmi.getValueAtPercentile(50) / 1000.0, viaNmi.getValueAtPercentile(99) / 1000.0),
        String.format(
            "same client straight to IMDS: p50 %.3f, p99 %.3f",
            direct.getValueAtPercentile(50) / 1000.0, direct.getValueAtPercentile(99) / 1000.0),
        "p99 < 1 ms");
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
