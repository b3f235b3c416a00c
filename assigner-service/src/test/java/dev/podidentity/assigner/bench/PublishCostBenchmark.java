package dev.podidentity.assigner.bench;

import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.port.OutputPort;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.Topics;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one assignment record costs the assigner's process to publish, the broker (in the same JVM)
 * included: rounds of 10,000 records through the application's own output, timed until all are in
 * the topic, with the process's CPU time. A burst of 10,000 pods publishes 20,000 (CREATED, then
 * ASSIGNED): what they cost is the part of P4b's CPU that publishing takes.
 *
 * <p>{@code mvn -B -ntp -pl assigner-service test -Dbenchmark=true -Dtest=PublishCostBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(
    named = "benchmark",
    matches = "true",
    disabledReason = "benchmark: run with -Dbenchmark=true")
@QuarkusTest
@TestProfile(BurstBenchmarkIT.Burst.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class PublishCostBenchmark {
  @Inject OutputPort output;

  @Test
  void tenThousandRecordsARound() {
    ComputeTarget t = ComputeTarget.scaleSet(BurstSetup.SUB, "mc_publish", "publish-vmss");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (KafkaConsumer<byte[], byte[]> c = BurstSetup.consumer()) {
      List<TopicPartition> parts = List.copyOf(c.assignment());
      int n = 10_000;
      List<String> written = new ArrayList<>();
      try {
        for (int round = 0; round < 8; round++) {
          List<AssignmentRecord> records = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            AssignmentRecord r = created(t, round, i);
            written.add(Topics.ASSIGNMENTS + " " + Keys.of(r));
            records.add(r);
          }
          long before = ends(c, parts);
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          for (AssignmentRecord r : records) {
            output.assignment(r);
          }
          long called = System.nanoTime();
          await()
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(5))
              .until(() -> ends(c, parts) - before >= n);
          long t1 = System.nanoTime();
          long cpu1 = os.getProcessCpuTime();
          System.out.printf(
              "publishing round %d: calls %d ms, all in the topic %d ms, process CPU %.1f us/record%n",
              round, (called - t0) / 1_000_000, (t1 - t0) / 1_000_000, (cpu1 - cpu0) / 1e3 / n);
        }
      } finally {
        // The next application to start on this broker would replay them all.
        BurstSetup.tombstone(written);
      }
    }
  }

  /** Pod {@code i} of {@code round}, its one identity (of 100) planned: a burst's first record. */
  private static AssignmentRecord created(ComputeTarget t, int round, int i) {
    AssignedIdentity id =
        new AssignedIdentity(
            "bench",
            "id-" + (i % 100),
            "b-" + (i % 100),
            IdentityType.USER_ASSIGNED_MSI,
            "/subscriptions/x/resourcegroups/rg/providers/microsoft.managedidentity/userassignedidentities/id-"
                + (i % 100),
            "00000000-0000-0000-0000-000000000001",
            null,
            AssignmentState.CREATED,
            null);
    return new AssignmentRecord(
        1, "uid-" + round + "-" + i, "bench", "pod-" + round + "-" + i, "node-1", t, List.of(id));
  }

  /** The sum of the assignments topic's end offsets. */
  private static long ends(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
    return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
  }
}
