package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.chaos.core.MemoryFigures.LiveHeaps;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A live heap that grows past what its base and the pods alive explain is a leak; RSS is not
 * judged.
 */
class MemoryFiguresTest {
  private static final long MIB = 1L << 20;

  @ParameterizedTest(name = "start {0}, mark {1} with {2} pods, end {3} with {4} pods: grown {5}")
  @CsvSource({
    // the workload doubles after the mark: the pods' part may double (20 + 2 x 12 = 44, + 16)
    "20, 32, 500, 60, 1000, false",
    "20, 32, 500, 61, 1000, true",
    // as many pods: the floor, 16 MiB (pooled Kafka buffers filling after an outage)
    "20, 32, 500, 48, 500, false",
    "20, 32, 500, 49, 500, true",
    // a large heap: a quarter (400 predicted, 500 allowed)
    "200, 400, 500, 500, 500, false",
    "200, 400, 500, 501, 500, true",
    // fewer pods at the end: less is predicted
    "20, 60, 1000, 56, 500, false",
    "20, 60, 1000, 57, 500, true",
    // no start figure: the whole mark scales with the pods (32 x 2 = 64, x 1.25 = 80)
    "-1, 32, 500, 80, 1000, false",
    // a service restarted in between: smaller at the end
    "20, 100, 500, 30, 1000, false",
  })
  void judgesTheLiveHeapByItsBaseAndThePodsAlive(
      long startMib, long markMib, int podsMark, long endMib, int podsEnd, boolean grown) {
    MemoryFigures m =
        new MemoryFigures(
            Map.of("assigner", 300_000L),
            Map.of("assigner", 900_000L), // RSS tripled: a heap filling up, not judged
            new LiveHeaps(0, Map.of("assigner", startMib < 0 ? -1 : startMib * MIB)),
            new LiveHeaps(podsMark, Map.of("assigner", markMib * MIB)),
            new LiveHeaps(podsEnd, Map.of("assigner", endMib * MIB)));
    assertThat(m.grown()).hasSize(grown ? 1 : 0);
  }

  @Test
  void aServiceNotMeasuredAtTheMarkOrTheEndIsNotJudged() {
    MemoryFigures m =
        new MemoryFigures(
            Map.of(),
            Map.of("nmi-0", -1L, "watcher", 1L),
            LiveHeaps.NONE,
            new LiveHeaps(10, Map.of("nmi-0", 10 * MIB, "watcher", -1L)),
            new LiveHeaps(10, Map.of("nmi-0", -1L, "watcher", 900 * MIB)));
    assertThat(m.grown()).isEmpty();
    assertThat(m.allowed("watcher")).isEqualTo(-1);
  }

  @Test
  void namesTheServiceAndItsFigures() {
    MemoryFigures m =
        new MemoryFigures(
            Map.of(),
            Map.of(),
            new LiveHeaps(0, Map.of("watcher", 10 * MIB)),
            new LiveHeaps(100, Map.of("watcher", 20 * MIB)),
            new LiveHeaps(100, Map.of("watcher", 40 * MIB)));
    assertThat(m.grown())
        .containsExactly(
            "watcher: live heap 40.0 MiB at the end with 100 pods, allowed 36.0 MiB"
                + " (20.0 MiB at the mark with 100 pods, 10.0 MiB at start)");
  }

  @Test
  void readsTheHeapInUseFromPrometheusText() {
    String text =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 3.3144664E7
        jvm_memory_used_bytes{area="heap",id="Eden Space"} 1000.0
        jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 8.5777752E7
        jvm_memory_used_bytes{area="heap",id="Survivor Space"} 24.0
        jvm_memory_max_bytes{area="heap",id="Tenured Gen"} 1.0E9
        """;
    assertThat(MemoryFigures.heapUsed(text)).isEqualTo(33_144_664L + 1000 + 24);
    assertThat(MemoryFigures.heapUsed("# nothing here\n")).isEqualTo(-1);
  }
}
