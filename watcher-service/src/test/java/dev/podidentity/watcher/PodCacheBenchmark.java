package dev.podidentity.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.watcher.adapter.kubernetes.SlimPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the pods informer's cache costs per pod, three ways: fabric8's full {@code Pod}, fabric8's
 * {@link ReducedStateItemStore} keeping only the fields the watcher reads, and {@link SlimPod}.
 * Prints the CPU time to take one pod from its JSON into the cache and the heap each cached pod
 * holds, for pods shaped like {@link ScaleCluster}'s (about 1.5 KB of JSON). Not a test: run it
 * with
 *
 * <pre>mvn -B -ntp -pl watcher-service test -Dtest=PodCacheBenchmark -Dbenchmark=true \
 *   -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
class PodCacheBenchmark {
  private static final int PODS = Integer.getInteger("benchmark.cachedPods", 20_000);
  private static final ScaleCluster SHAPES = new ScaleCluster(50, PODS, 2_000);
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void cachingAPodThreeWays() {
    List<String> json = new ArrayList<>(PODS);
    for (int i = 0; i < PODS; i++) {
      json.add(serialization.asJson(SHAPES.pod(i, 0)));
    }
    Supplier<ReducedStateItemStore<Pod>> reducedStore =
        () ->
            new ReducedStateItemStore<>(
                ReducedStateItemStore.NAME_KEY_STATE,
                Pod.class,
                serialization,
                "metadata.uid",
                "metadata.labels",
                "metadata.deletionTimestamp",
                "spec.nodeName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.podIPs");
    List<Object> held = new ArrayList<>();
    int[] reducedSize = new int[1];
    // Three rounds, the last one counted: the first ones warm the JIT.
    for (int round = 0; round < 3; round++) {
      measure("full Pod", json, () -> s -> serialization.unmarshal(s, Pod.class), held, round);
      measure(
          "ReducedStateItemStore<Pod>",
          json,
          () -> {
            ReducedStateItemStore<Pod> store = reducedStore.get();
            held.add(store);
            return s -> {
              Pod pod = serialization.unmarshal(s, Pod.class);
              store.put(store.getKey(pod), pod);
              reducedSize[0] = store.size();
              return null;
            };
          },
          held,
          round);
      measure("SlimPod", json, () -> s -> serialization.unmarshal(s, SlimPod.class), held, round);
    }
    assertThat(reducedSize[0]).isEqualTo(PODS);
  }

  private void measure(
      String how,
      List<String> json,
      Supplier<Function<String, Object>> caches,
      List<Object> held,
      int round) {
    held.clear();
    long before = heapAfterGc();
    Function<String, Object> cache = caches.get();
    long cpu = cpuNanos();
    for (String s : json) {
      Object cached = cache.apply(s);
      if (cached != null) {
        held.add(cached);
      }
    }
    double micros = (cpuNanos() - cpu) / 1e3 / json.size();
    long after = heapAfterGc();
    if (round == 2) {
      System.out.printf(
          "BENCHMARK pod cache, %s: %.1f us of CPU per pod from JSON to the cache, %.0f bytes of"
              + " heap per cached pod (%d pods)%n",
          how, micros, (after - before) / (double) json.size(), json.size());
    }
  }

  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
