package dev.podidentity.systemtests.bench;

import dev.podidentity.testsupport.net.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The samples of a Prometheus scrape, summed by name and label text. Looser than test-support's
 * {@code PrometheusText} on purpose: a benchmark reads a few figures of a whole service, whose JVM
 * families it does not vouch for.
 */
public final class MetricLines {
  private final List<String> samples;

  private MetricLines(List<String> samples) {
    this.samples = samples;
  }

  private static final HttpClient HTTP = PlainHttp.client(Duration.ofSeconds(5));

  /** Scrapes {@code managementUrl}{@code /metrics}. */
  public static MetricLines scrape(String managementUrl) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new MetricLines(
        r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
  }

  /**
   * The sum of the samples named {@code name} (with any labels) whose text contains {@code with}.
   */
  public double sum(String name, String with) {
    return samples.stream()
        .filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " ")) && l.contains(with))
        .mapToDouble(l -> value(name, l))
        .sum();
  }

  /**
   * The value: the first field after the name and its labels (a timestamp or an exemplar, in braces
   * of its own, may follow it).
   */
  private static double value(String name, String line) {
    int from = line.startsWith(name + "{") ? line.indexOf('}') + 1 : name.length();
    return Double.parseDouble(line.substring(from).trim().split("\\s+")[0]);
  }
}
