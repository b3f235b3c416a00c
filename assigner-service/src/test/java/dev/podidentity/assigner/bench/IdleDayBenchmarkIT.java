package dev.podidentity.assigner.bench;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * P5: ARM calls of an assigner over an idle day with 50 identities on 3 scale sets. The simulator's
 * clock runs 1,440 times faster (a day in a minute), and the assigner's drift-repair interval is
 * scaled the same way; nothing changes in the cluster, so every call is overhead.
 * aad-pod-identity's 10-second sync loop made 62,230 such calls.
 *
 * <p>{@code mvn -B -ntp -pl assigner-service test -Dbenchmark=true -Dtest=IdleDayBenchmarkIT
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
@QuarkusTest
@TestProfile(IdleDayBenchmarkIT.IdleDay.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class IdleDayBenchmarkIT {
  static final String SUB = "2a4e1c0d-0000-4000-8000-0000000d0a11";
  static final String RG = "mc_idle";
  static final double SCALE = 1440;

  /** A day in a minute: the simulator's clock and the drift-repair interval scaled alike. */
  public static final class IdleDay extends BenchStack.Profile {
    @Override
    protected Map<String, String> simulator() {
      return Map.of("timeScale", Double.toString(SCALE));
    }

    @Override
    protected Map<String, String> settings() {
      return Map.of(
          "assigner.drift-interval", (long) (Duration.ofMinutes(10).toMillis() / SCALE) + "ms");
    }
  }

  @Inject AssignerService service;

  @Test
  void armCallsOverAnIdleDay() throws Exception {
    int identities = 50;
    int scaleSets = 3;
    AzureSimulator sim = BenchStack.sim();
    List<String> cleanUp = new java.util.ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = BurstSetup.producer();
        TopicTraffic setUp = new TopicTraffic().start()) {
      for (int v = 0; v < scaleSets; v++) {
        sim.admin().addScaleSet(SUB, RG, "idle-vmss-" + v, 2);
      }
      for (int i = 0; i < identities; i++) {
        Map<String, Object> created = sim.admin().createIdentity(SUB, RG, "idle-id-" + i);
        IdentityRecord id =
            Fixtures.userAssigned(
                "idle", "id-" + i, (String) created.get("id"), (String) created.get("clientId"));
        BurstSetup.send(producer, Topics.CONFIG, id.key(), EventJson.toBytes(id));
        BindingRecord b =
            new BindingRecord(1, "idle", "b-" + i, "id-" + i, "sel-" + i, true, null, "1");
        BurstSetup.send(producer, Topics.CONFIG, b.key(), EventJson.toBytes(b));
        cleanUp.add(Topics.CONFIG + " " + id.key());
        cleanUp.add(Topics.CONFIG + " " + b.key());
        ComputeTarget t = ComputeTarget.scaleSet(SUB, RG, "idle-vmss-" + (i % scaleSets));
        PodRecord p = Fixtures.pod("idle", "pod-" + i, t, "sel-" + i);
        BurstSetup.send(producer, Topics.PODS, Keys.of(p), EventJson.toBytes(p));
        cleanUp.add(Topics.PODS + " " + Keys.of(p));
      }
      producer.flush();
      await().atMost(Duration.ofMinutes(1)).until(service::ready);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                int on = 0;
                for (int v = 0; v < scaleSets; v++) {
                  on +=
                      sim.admin()
                          .identitiesOf(ComputeTarget.scaleSet(SUB, RG, "idle-vmss-" + v).armId())
                          .size();
                }
                return on == identities;
              });
      // The assignments' ASSIGNED records follow the PATCH the wait above saw: count from after
      // them (CREATED and ASSIGNED for each pod), or the set-up's tail counts as idle traffic.
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> setUp.since().get(Topics.ASSIGNMENTS).records() >= 2L * identities);
      sim.admin().resetCounters();
      // The same count over the set-up, where records are expected: the counter sees them.
      System.out.println("K1 set-up traffic (not idle): " + setUp.since());
      TopicTraffic traffic = new TopicTraffic().start();

      // One simulated day (86,400 s / 1,440 = 60 real seconds) of doing nothing; smoke runs
      // measure a fraction of it and scale the count.
      int hours = Integer.getInteger("benchmark.simulatedHours", 24);
      new CountDownLatch(1).await((long) (hours * 3_600_000L / SCALE), TimeUnit.MILLISECONDS);
      IdleTraffic.report(traffic.since(), hours, scaleSets, identities);
      traffic.close();

      long gets = 0;
      long patches = 0;
      long throttled = 0;
      for (int v = 0; v < scaleSets; v++) {
        gets += sim.admin().computeCount("idle-vmss-" + v, Counters.GET);
        patches += sim.admin().computeCount("idle-vmss-" + v, Counters.PATCH);
        throttled += sim.admin().computeCount("idle-vmss-" + v, Counters.THROTTLED);
      }
      System.out.printf(
          "P5 idle day: %d identities on %d scale sets, drift repair every 10 simulated minutes%n"
              + "  ARM calls in one simulated day: %d (GET %d, PATCH %d, 429 %d); goal <= 1,500,"
              + " aad-pod-identity 62,230%n",
          identities, scaleSets, (gets + patches) * 24 / hours, gets, patches, throttled);
      BenchmarkReport.record(
          "P5",
          "ARM calls in an idle day, "
              + identities
              + " identities on "
              + scaleSets
              + " scale sets ("
              + hours
              + " simulated hours measured)",
          Long.toString((gets + patches) * 24 / hours),
          "aad-pod-identity: 62,230",
          "<= 1,500");
    } finally {
      BurstSetup.tombstone(cleanUp);
    }
  }
}
