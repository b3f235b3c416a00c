package dev.podidentity.systemtests.bench;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.SimNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the NMIs' upstream time went between two scrapes: each upstream call's count, mean and p99
 * (the upper bound of the histogram bucket the 99th percentile falls in), summed over the stack's
 * NMIs. For a federated token the cold path is the TokenRequest and the Entra exchange; the rest of
 * a first token is the pod's way to the NMI's view and the NMI itself.
 */
public final class UpstreamPhases {
  /** The NMI's histogram buckets (milliseconds), as its metrics declare them. */
  private static final double[] BUCKETS = {
    0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000, 30000
  };

  private static final List<String> CALLS =
      List.of("podidentity_nmi_tokenrequest_duration", "podidentity_nmi_entra_duration");

  private final List<MetricLines> scrapes;

  private UpstreamPhases(List<MetricLines> scrapes) {
    this.scrapes = scrapes;
  }

  /** Scrapes every NMI of {@code stack}. */
  public static UpstreamPhases scrape(LocalStack stack) throws IOException, InterruptedException {
    List<MetricLines> all = new ArrayList<>();
    for (SimNode node : stack.nodes()) {
      all.add(MetricLines.scrape(stack.services().managementUrl("nmi-" + node.index())));
    }
    return new UpstreamPhases(all);
  }

  /**
   * "TokenRequest n 100, mean 12.3 ms, p99 <= 50 ms; Entra exchange ..." from here to {@code to}.
   */
  public String until(UpstreamPhases to) {
    List<String> parts = new ArrayList<>();
    for (String call : CALLS) {
      String name = call + "_milliseconds";
      double count = to.sum(name + "_count", "") - sum(name + "_count", "");
      double total = to.sum(name + "_sum", "") - sum(name + "_sum", "");
      double p99 = Double.NaN;
      for (double le : BUCKETS) {
        String bucket = "le=\"" + le + "\"";
        double below = to.sum(name + "_bucket", bucket) - sum(name + "_bucket", bucket);
        if (count > 0 && below >= 0.99 * count) {
          p99 = le;
          break;
        }
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "%s n %.0f, mean %.1f ms, p99 <= %s ms",
              call.contains("tokenrequest") ? "TokenRequest" : "Entra exchange",
              count,
              count > 0 ? total / count : 0,
              Double.isNaN(p99) ? "?" : String.format(Locale.ROOT, "%.0f", p99)));
    }
    return String.join("; ", parts);
  }

  private double sum(String name, String with) {
    return scrapes.stream().mapToDouble(m -> m.sum(name, with)).sum();
  }
}
