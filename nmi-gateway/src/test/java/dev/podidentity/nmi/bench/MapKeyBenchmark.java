package dev.podidentity.nmi.bench;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Why the map keys of a cache hit have their equality written out: {@link MapKeys} in a JVM forked
 * with the DaemonSet's JIT flags (C1 only) and in one with the JVM's default (C2). Prints numbers;
 * asserts nothing about speed.
 *
 * <p>{@code mvn -B -ntp -pl nmi-gateway test -Dbenchmark=true -Dtest=MapKeyBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class MapKeyBenchmark {
  /** The JIT flags of {@code JDK_JAVA_OPTIONS} in k8s/base/nmi.yaml. */
  static final List<String> DAEMONSET_JIT =
      List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");

  @Test
  void lookupsUnderEachJit() throws Exception {
    for (List<String> jit : List.of(DAEMONSET_JIT, List.<String>of())) {
      var results =
          new Runner(
                  new OptionsBuilder()
                      .include(MapKeys.class.getSimpleName())
                      .forks(1)
                      .jvmArgsAppend(jit.toArray(String[]::new))
                      .warmupIterations(3)
                      .warmupTime(TimeValue.seconds(1))
                      .measurementIterations(5)
                      .measurementTime(TimeValue.seconds(1))
                      .build())
              .run();
      for (var r : results) {
        var score = r.getPrimaryResult();
        System.out.printf(
            "map lookup, %s key, JIT %s: %.1f ± %.1f ns%n",
            r.getParams().getBenchmark().replaceAll(".*\\.", ""),
            jit.isEmpty() ? "default (C2)" : String.join(" ", jit),
            score.getScore(),
            score.getScoreError());
      }
    }
  }
}
