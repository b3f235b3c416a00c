package dev.podidentity.assigner.bench;

import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.util.Map;

/**
 * The Kafka half of the idle day: what the topics received while nothing changed, per simulated
 * day, and that figure scaled to an idle cluster at AKS's limits. Each topic scales with what its
 * keys count: the ledger is keyed by scale set (100 at 5,000 nodes), assignments and dead letters
 * by pod (150,000); the watcher's topics are the watcher's (its idle figure is K1 in its module).
 */
final class IdleTraffic {
  static final int AKS_SCALE_SETS = 100;
  static final int AKS_PODS = 150_000;

  private IdleTraffic() {}

  static void report(Map<String, TopicTraffic.Count> measured, int hours, int scaleSets, int pods) {
    StringBuilder perDay = new StringBuilder();
    StringBuilder scaled = new StringBuilder();
    long scaledRecords = 0;
    long scaledBytes = 0;
    for (var e : measured.entrySet()) {
      double day = 24.0 / hours;
      double factor =
          e.getKey().equals(Topics.LEDGER)
              ? (double) AKS_SCALE_SETS / scaleSets
              : (double) AKS_PODS / pods;
      long records = Math.round(e.getValue().records() * day);
      long bytes = Math.round(e.getValue().bytes() * day);
      long r = Math.round(records * factor);
      long b = Math.round(bytes * factor);
      scaledRecords += r;
      scaledBytes += b;
      String topic = e.getKey().replace("podidentity.", "");
      perDay.append(String.format("%s %d records / %d B; ", topic, records, bytes));
      scaled.append(
          String.format("%s %d x %.0f = %d records / %d B; ", topic, records, factor, r, b));
      System.out.printf(
          "K1 idle day: %-28s %8d records %10d bytes per day measured (%d scale sets, %d pods);"
              + " x %.0f = %d records, %d bytes at %d scale sets / %d pods%n",
          e.getKey(), records, bytes, scaleSets, pods, factor, r, b, AKS_SCALE_SETS, AKS_PODS);
    }
    BenchmarkReport.record(
        "K1",
        String.format(
            "assigner's Kafka traffic per idle day, %d pods on %d scale sets (%d simulated hours"
                + " measured), scaled to %,d pods on %d scale sets",
            pods, scaleSets, hours, AKS_PODS, AKS_SCALE_SETS),
        String.format(
            "measured per day: %sscaled: %stotal %d records, %d B a day",
            perDay, scaled, scaledRecords, scaledBytes),
        "",
        "records only for changes");
  }
}
