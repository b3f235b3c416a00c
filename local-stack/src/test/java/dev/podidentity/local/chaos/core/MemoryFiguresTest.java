package dev.podidentity.local.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A live heap that grows from the mark to the end past its allowance is a leak; RSS is not judged.
 */
class MemoryFiguresTest {
  private static final long MIB = 1L << 20;

  @ParameterizedTest(name = "mark {0} MiB, end {1} MiB: grown {2}")
  @CsvSource({
    // small heaps: the 16 MiB floor (pooled Kafka buffers filling after an outage)
    "20, 36, false",
    "20, 37, true",
    // large heaps: a quarter
    "100, 125, false",
    "100, 126, true",
    // a service restarted in between: smaller at the end
    "100, 30, false",
  })
  void judgesTheLiveHeapAgainstItsMark(long markMib, long endMib, boolean grown) {
    MemoryFigures m =
        new MemoryFigures(
            Map.of("assigner", 300_000L),
            Map.of("assigner", 900_000L), // RSS tripled: a heap filling up, not judged
            Map.of("assigner", markMib * MIB),
            Map.of("assigner", endMib * MIB));
    assertThat(m.grown()).hasSize(grown ? 1 : 0);
  }

  @Test
  void aServiceNotMeasuredAtTheMarkOrTheEndIsNotJudged() {
    MemoryFigures m =
        new MemoryFigures(
            Map.of(),
            Map.of("nmi-0", -1L, "watcher", 1L),
            Map.of("nmi-0", 10 * MIB, "watcher", -1L),
            Map.of("nmi-0", -1L, "watcher", 900 * MIB));
    assertThat(m.grown()).isEmpty();
  }

  @Test
  void namesTheServiceAndItsFigures() {
    MemoryFigures m =
        new MemoryFigures(
            Map.of(), Map.of(), Map.of("watcher", 20 * MIB), Map.of("watcher", 40 * MIB));
    assertThat(m.grown())
        .containsExactly(
            "watcher: live heap 20.0 MiB at the mark, 40.0 MiB at the end (allowed 36.0 MiB)");
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
