package dev.podidentity.testsupport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One figure of a benchmark, printed and, when {@code -Dbenchmark.results=FILE} is set, appended to
 * that file as a tab-separated row ({@code id, what, value, baseline, goal}), so that {@code
 * bin/benchmarks} can gather every module's figures into one results file. Benchmarks report; they
 * never assert on time.
 */
public final class BenchmarkReport {
  public static final String RESULTS_PROPERTY = "benchmark.results";

  private BenchmarkReport() {}

  /**
   * @param id the goal's id in the project's list (P1..P8, W1 for the watcher's initial sync)
   * @param what what was measured, with its unit
   * @param value the measured figure
   * @param baseline what it is compared with in the same run ("" when nothing)
   * @param goal the goal, as text
   */
  public static void record(String id, String what, String value, String baseline, String goal) {
    String row =
        String.join("\t", clean(id), clean(what), clean(value), clean(baseline), clean(goal));
    System.out.println("RESULT " + row.replace('\t', '|'));
    String file = System.getProperty(RESULTS_PROPERTY);
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(file),
          row + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot append to " + file, e);
    }
  }

  private static String clean(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
  }
}
