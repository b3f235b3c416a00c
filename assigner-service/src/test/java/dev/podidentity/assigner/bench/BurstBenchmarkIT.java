package dev.podidentity.assigner.bench;

import static dev.podidentity.assigner.bench.BurstSetup.RG;
import static dev.podidentity.assigner.bench.BurstSetup.SUB;
import static dev.podidentity.assigner.bench.BurstSetup.awaitAssigned;
import static dev.podidentity.assigner.bench.BurstSetup.inUse;
import static dev.podidentity.assigner.bench.BurstSetup.producer;
import static dev.podidentity.assigner.bench.BurstSetup.send;
import static dev.podidentity.assigner.bench.BurstSetup.tombstone;
import static dev.podidentity.assigner.bench.BurstSetup.warmBurst;
import static dev.podidentity.assigner.bench.BurstSetup.warmUp;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AssignerService;
import dev.podidentity.assigner.core.Fixtures;
import dev.podidentity.azuresim.AzureSimulator;
import dev.podidentity.azuresim.control.Counters;
import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.bench.BenchmarkReport;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * P4 (and P3's assignment half): a burst of 2,000 pods on 10 scale sets using 100 identities,
 * against the simulator enforcing Azure's budgets with a realistic PATCH latency, through the
 * application's own channels. Prints PATCH and 429 counts per scale set and pod-to-assigned latency
 * relative to the PATCH latency.
 *
 * <p>{@code mvn -B -ntp -pl assigner-service test -Dbenchmark=true -Dtest=BurstBenchmarkIT
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.patchLatencySeconds=10]}
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
@QuarkusTest
@TestProfile(BurstBenchmarkIT.Burst.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class BurstBenchmarkIT {

  /** Azure's budgets, the PATCH latency asked for, and the service's batch settings. */
  public static final class Burst extends BenchStack.Profile {
    @Override
    protected Map<String, String> simulator() {
      return Map.of(
          "patchLatencyMs",
          Long.toString(Integer.getInteger("bench.patchLatencySeconds", 10) * 1000L));
    }

    @Override
    protected Map<String, String> settings() {
      Map<String, String> s = new HashMap<>();
      // The service's defaults unless a run asks otherwise.
      s.put("assigner.batch-window", Long.getLong("bench.batchWindowMs", 100) + "ms");
      s.put("assigner.batch-max", Long.getLong("bench.batchMaxMs", 1000) + "ms");
      return s;
    }
  }

  @Inject AssignerService service;

  @Test
  void burstOfTwoThousandPods() throws Exception {
    int pods = Integer.getInteger("bench.pods", 2000);
    int scaleSets = Integer.getInteger("bench.scaleSets", 10);
    int identities = Integer.getInteger("bench.identities", 100);
    Duration latency = Duration.ofSeconds(Integer.getInteger("bench.patchLatencySeconds", 10));
    AzureSimulator sim = BenchStack.sim();
    List<String> cleanUp = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      Map<Integer, IdentityRecord> ids = new HashMap<>();
      for (int i = 0; i < identities; i++) {
        Map<String, Object> created = sim.admin().createIdentity(SUB, RG, "bench-id-" + i);
        IdentityRecord id =
            Fixtures.userAssigned(
                "bench", "id-" + i, (String) created.get("id"), (String) created.get("clientId"));
        ids.put(i, id);
        send(producer, Topics.CONFIG, id.key(), EventJson.toBytes(id));
        BindingRecord b =
            new BindingRecord(1, "bench", "b-" + i, "id-" + i, "sel-" + i, true, null, "1");
        send(producer, Topics.CONFIG, b.key(), EventJson.toBytes(b));
        cleanUp.add(Topics.CONFIG + " " + id.key());
        cleanUp.add(Topics.CONFIG + " " + b.key());
      }
      for (int v = 0; v < scaleSets; v++) {
        sim.admin().addScaleSet(SUB, RG, "bench-vmss-" + v, 3);
      }
      await().atMost(Duration.ofMinutes(1)).until(service::ready);
      cleanUp.addAll(warmUp(sim, producer));
      int warmBurst = Integer.getInteger("bench.warmBurst", 0);
      if (warmBurst > 0) {
        cleanUp.addAll(warmBurst(sim, producer, warmBurst, scaleSets, identities));
      }
      boolean inUse = Boolean.getBoolean("bench.inUse");
      if (inUse) {
        cleanUp.addAll(inUse(producer, scaleSets, ids));
      }
      long[] patchesBefore = new long[scaleSets];
      for (int v = 0; v < scaleSets; v++) {
        patchesBefore[v] = sim.admin().computeCount("bench-vmss-" + v, Counters.PATCH);
      }

      // Records are built and serialised before the clock starts, so the burst goes out at the
      // broker's pace rather than at the pace of a cold JSON mapper.
      Random random = new Random(7);
      List<ProducerRecord<byte[], byte[]>> burst = new ArrayList<>();
      Map<ComputeTarget, Set<String>> expected = new HashMap<>();
      Map<String, String> targetOf = new HashMap<>();
      for (int i = 0; i < pods; i++) {
        ComputeTarget t = ComputeTarget.scaleSet(SUB, RG, "bench-vmss-" + (i % scaleSets));
        int identity = random.nextInt(identities);
        PodRecord p = Fixtures.pod("bench", "pod-" + i, t, "sel-" + identity);
        targetOf.put(Keys.of(p), t.armId().toLowerCase(Locale.ROOT));
        // Lowercased, as the simulator lists them.
        expected
            .computeIfAbsent(t, x -> new HashSet<>())
            .add(ids.get(identity).resourceId().toLowerCase(Locale.ROOT));
        cleanUp.add(Topics.PODS + " " + Keys.of(p));
        burst.add(
            new ProducerRecord<>(
                Topics.PODS, Keys.of(p).getBytes(StandardCharsets.UTF_8), EventJson.toBytes(p)));
      }
      Map<String, Long> sentAt = new HashMap<>();
      long start = System.nanoTime();
      for (ProducerRecord<byte[], byte[]> r : burst) {
        // Wall-clock milliseconds, comparable with the assignment record's timestamp (set by the
        // assigner's producer on this machine): the consumer's polling lag is not counted.
        sentAt.put(new String(r.key(), StandardCharsets.UTF_8), System.currentTimeMillis());
        producer.send(r);
      }
      producer.flush();
      long[] times = sentAt.values().stream().mapToLong(Long::longValue).sorted().toArray();
      long maxGap = 0;
      for (int i = 1; i < times.length; i++) {
        maxGap = Math.max(maxGap, times[i] - times[i - 1]);
      }
      System.out.printf(
          "published %d pods in %d ms (longest pause between two sends %d ms)%n",
          pods, (System.nanoTime() - start) / 1_000_000, maxGap);

      // Watch the cloud, not the topic, while the burst runs: parsing 4,000 assignment records
      // meanwhile would take CPU from the assigner being measured. The records carry the time
      // they were published, so they are read afterwards.
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  expected.entrySet().stream()
                      .allMatch(
                          e ->
                              sim.admin()
                                  .identitiesOf(e.getKey().armId())
                                  .containsAll(e.getValue())));
      Histogram ms = new Histogram(3_600_000L, 3);
      Map<String, Long> assignedAt = awaitAssigned(sentAt.keySet(), Duration.ofMinutes(2));
      double allAssignedSeconds =
          (Collections.max(assignedAt.values()) - Collections.min(sentAt.values())) / 1e3;
      assignedAt.forEach((k, t) -> ms.recordValue(Math.max(0, t - sentAt.get(k))));
      long patches = 0;
      long throttled = 0;
      long maxPatches = 0;
      for (int v = 0; v < scaleSets; v++) {
        long n = sim.admin().computeCount("bench-vmss-" + v, Counters.PATCH) - patchesBefore[v];
        patches += n;
        maxPatches = Math.max(maxPatches, n);
        throttled += sim.admin().computeCount("bench-vmss-" + v, Counters.THROTTLED);
      }
      double l = latency.toMillis();
      System.out.printf(
          "P4 burst: %d pods, %d scale sets, %d identities, PATCH latency %d s%n"
              + "  all assigned after %.1f s%n"
              + "  PATCHes %d (max %d per scale set; goal <= 2), 429s %d (goal 0)%n"
              + "  pod-to-assigned p50 %d ms (%.2f x latency), p90 %d ms, p99 %d ms (%.2f x"
              + " latency; goal <= 1.1), max %d ms%n",
          pods,
          scaleSets,
          identities,
          latency.toSeconds(),
          allAssignedSeconds,
          patches,
          maxPatches,
          throttled,
          ms.getValueAtPercentile(50),
          ms.getValueAtPercentile(50) / l,
          ms.getValueAtPercentile(90),
          ms.getValueAtPercentile(99),
          ms.getValueAtPercentile(99) / l,
          ms.getMaxValue());
      System.out.println(
          "  "
              + BurstPhases.summary(
                  sim.admin().operations().stream().map(BurstPhases.Operation::of).toList(),
                  assignedAt.entrySet().stream()
                      .map(
                          e ->
                              new BurstPhases.Pod(
                                  targetOf.get(e.getKey()), sentAt.get(e.getKey()), e.getValue()))
                      .toList()));
      BenchmarkReport.record(
          // P4b is the same burst at AKS's scale (10,000 pods on 100 scale sets).
          System.getProperty("bench.goal", "P4"),
          String.format(
              "burst of %,d pods / %d identities / %d scale sets%s, PATCH latency %d s",
              pods,
              identities,
              scaleSets,
              inUse ? " in use (one pod each before)" : "",
              latency.toSeconds()),
          String.format(
              "%d PATCHes (max %d per scale set), %d x 429, all assigned in %.1f s,"
                  + " p50 %.2f x, p90 %.2f x, p99 %.2f x, max %.2f x latency",
              patches,
              maxPatches,
              throttled,
              allAssignedSeconds,
              ms.getValueAtPercentile(50) / l,
              ms.getValueAtPercentile(90) / l,
              ms.getValueAtPercentile(99) / l,
              ms.getMaxValue() / l),
          "",
          "<= 2 PATCHes per scale set, 0 x 429, p99 <= 1.1 x latency");
    } finally {
      tombstone(cleanUp);
    }
  }
}
