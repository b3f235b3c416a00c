package dev.podidentity.assigner.bench;

import dev.podidentity.testsupport.bench.BenchmarkReport;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the planner benchmark (JMH) and measures the heap the assigner's state needs, at 10,000 pods
 * / 2,000 identities (P7) and at AKS's limits, 150,000 pods / 5,000 identities (P7b), both on 100
 * scale sets. Prints numbers; asserts nothing about speed. {@code -Dbenchmark.sizes=100/10} runs
 * other sizes ({@code pods/identities}, comma-separated).
 *
 * <p>{@code mvn -B -ntp -pl assigner-service test -Dbenchmark=true -Dtest=AssignerBenchmarksIT
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class AssignerBenchmarksIT {
  static final String[] SIZES =
      System.getProperty("benchmark.sizes", "10000/2000,150000/5000").split(",");

  @Test
  void plannerTimePerChangeBatch() throws Exception {
    // Forks would lose surefire's class path; one warmed-up in-process run is enough here.
    int iterations = Integer.getInteger("benchmark.iterations", 5);
    var results =
        new Runner(
                new OptionsBuilder()
                    .include(PlannerBenchmark.class.getSimpleName())
                    .param("size", SIZES)
                    .forks(0)
                    .warmupIterations(Math.max(1, iterations / 2))
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(2))
                    .build())
            .run();
    for (var r : results) {
      var score = r.getPrimaryResult();
      String size = r.getParams().getParam("size");
      BenchmarkReport.record(
          id(size),
          "planner time per change batch (50 pods) at " + describe(size) + ", JMH",
          String.format("%.2f +- %.2f ms", score.getScore(), score.getScoreError()),
          "",
          "< 20 ms");
    }
  }

  @Test
  void heapOfTheState() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (String size : SIZES) {
      String[] parts = size.split("/");
      System.gc();
      long before = memory.getHeapMemoryUsage().getUsed();
      var state = PlannerBenchmark.build(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      System.out.printf(
          "P7 heap: state of %d pods / %d identities / %d targets = %.1f MiB (JVM heap used"
              + " %.1f MiB)%n",
          state.podCount(),
          state.config().identityCount(),
          state.targets().size(),
          (after - before) / 1048576.0,
          after / 1048576.0);
      BenchmarkReport.record(
          id(size),
          "assigner state heap at " + describe(size),
          String.format("%.1f MiB", (after - before) / 1048576.0),
          "",
          "< 512 MiB");
    }
  }

  private static String id(String size) {
    return size.equals("150000/5000") ? "P7b" : "P7";
  }

  private static String describe(String size) {
    String[] parts = size.split("/");
    return String.format(
        "%,d pods / %,d identities / %d scale sets",
        Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), PlannerBenchmark.TARGETS);
  }
}
