package dev.podidentity.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Pod-created-to-first-token latency across real processes: {@code -Dbenchmark.pods} pods (100 by
 * default) over {@code -Dbenchmark.identities} identities (5), created one after another; prints
 * percentiles and the total. Not a timed test: it asserts only that every pod was served.
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class PodToTokenBenchmark extends Scenario {

  @Test
  void podToFirstToken() {
    int pods = Integer.getInteger("benchmark.pods", 100);
    int identities = Integer.getInteger("benchmark.identities", 5);
    String ns = unique("bench");
    List<SimIdentity> ids = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      SimIdentity mi = identity("bench" + i);
      ids.add(mi);
      stack().addPodIdentity(ns, "id" + i, mi, ns + "-" + i);
    }
    long t0 = System.nanoTime();
    List<PodRef> started = new ArrayList<>();
    long[] created = new long[pods];
    for (int i = 0; i < pods; i++) {
      created[i] = System.nanoTime();
      started.add(pod(ns, ns + "-" + (i % identities), node(i % SharedStack.NODES)));
    }
    long[] latencyMs = new long[pods];
    for (int i = 0; i < pods; i++) {
      SimIdentity mi = ids.get(i % identities);
      assertThat(awaitTokenStatus(started.get(i), mi.clientId(), 200).body())
          .contains(mi.clientId());
      latencyMs[i] = (System.nanoTime() - created[i]) / 1_000_000;
    }
    long total = (System.nanoTime() - t0) / 1_000_000;
    Arrays.sort(latencyMs);
    System.out.printf(
        Locale.ROOT,
        "PodToTokenBenchmark: %d pods, %d identities, %d nodes: total %.1f s;"
            + " pod-created-to-token p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
        pods,
        identities,
        SharedStack.NODES,
        total / 1000.0,
        latencyMs[pods / 2],
        latencyMs[(int) (pods * 0.9)],
        latencyMs[Math.min(pods - 1, (int) (pods * 0.99))],
        latencyMs[pods - 1]);
    started.forEach(stack()::deletePod);
    ids.forEach(this::awaitOffScaleSet);
  }
}
