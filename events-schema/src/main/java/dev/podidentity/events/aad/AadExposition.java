package dev.podidentity.events.aad;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * aad-pod-identity's metrics as its OpenCensus exporter wrote them, so that dashboards and alerts
 * written for it keep matching: a counter keeps its name (no {@code _total}), a duration is a
 * histogram, numbers are formatted as Go formats them. Shared by the assigner (aad's MIC metrics)
 * and the NMI (aad's NMI metrics), each of which keeps them in a registry of its own.
 */
public final class AadExposition {
  private AadExposition() {}

  /** aad's histogram buckets (seconds) as a Micrometer timer's service-level objectives. */
  public static Duration[] buckets(double... seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }

  /**
   * Prometheus text format 0.0.4 as client_golang writes it: families by name, each series' samples
   * sorted by labels, a histogram's {@code _bucket}s then {@code _sum} then {@code _count}, numbers
   * as Go formats them. Only counters and histograms: the timers' {@code _max} gauges are not
   * aad's.
   */
  public static String text(PrometheusMeterRegistry registry) {
    List<MetricFamilySamples> families =
        Collections.list(registry.getPrometheusRegistry().metricFamilySamples());
    families.sort(Comparator.comparing(f -> f.name));
    StringBuilder out = new StringBuilder(4096);
    for (MetricFamilySamples f : families) {
      if (f.type != Collector.Type.COUNTER && f.type != Collector.Type.HISTOGRAM) {
        continue;
      }
      out.append("# HELP ").append(f.name).append(' ').append(escape(f.help, false)).append('\n');
      out.append("# TYPE ")
          .append(f.name)
          .append(f.type == Collector.Type.COUNTER ? " counter\n" : " histogram\n");
      List<MetricFamilySamples.Sample> samples = new ArrayList<>(f.samples);
      // Stable: a series' buckets keep their order.
      samples.sort(
          Comparator.comparing((MetricFamilySamples.Sample s) -> series(s))
              .thenComparingInt(s -> rank(f.name, s.name)));
      for (MetricFamilySamples.Sample s : samples) {
        // Micrometer names a counter's sample x_total; aad's exporter named it as its family.
        out.append(f.type == Collector.Type.COUNTER ? f.name : s.name);
        if (!s.labelNames.isEmpty()) {
          out.append('{');
          for (int i = 0; i < s.labelNames.size(); i++) {
            String key = s.labelNames.get(i);
            String value = s.labelValues.get(i);
            if ("le".equals(key) && !"+Inf".equals(value)) {
              value = goFloat(Double.parseDouble(value));
            }
            out.append(i == 0 ? "" : ",").append(key).append("=\"");
            out.append(escape(value, true)).append('"');
          }
          out.append('}');
        }
        out.append(' ').append(goFloat(s.value)).append('\n');
      }
    }
    return out.toString();
  }

  /** The labels of a sample's series: all but {@code le}. */
  private static String series(MetricFamilySamples.Sample s) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < s.labelNames.size(); i++) {
      if (!"le".equals(s.labelNames.get(i))) {
        key.append(s.labelNames.get(i)).append('\u0000').append(s.labelValues.get(i));
        key.append('\u0000');
      }
    }
    return key.toString();
  }

  private static int rank(String family, String sample) {
    if (sample.equals(family + "_sum")) {
      return 1;
    }
    return sample.equals(family + "_count") ? 2 : 0;
  }

  private static String escape(String text, boolean quotes) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '"' -> out.append(quotes ? "\\\"" : "\"");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * As Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: {@code 1}, {@code 0.05}, {@code 1e+06}.
   */
  public static String goFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exponent = d.precision() - d.scale() - 1;
    if (exponent >= -4 && exponent < 6) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String e = Integer.toString(Math.abs(exponent));
    return (v < 0 ? "-" : "")
        + mantissa
        + (exponent < 0 ? "e-" : "e+")
        + (e.length() < 2 ? "0" + e : e);
  }
}
