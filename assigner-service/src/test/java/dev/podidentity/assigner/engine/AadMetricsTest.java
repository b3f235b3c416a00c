package dev.podidentity.assigner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.assigner.AadScrape;
import dev.podidentity.assigner.port.ClusterCalls;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.testsupport.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

/** aad-pod-identity's MIC metrics come out as its OpenCensus exporter wrote them. */
class AadMetricsTest {
  static final long MS = 1_000_000L;

  @Test
  void everyAadMetricIsThereFromTheStartWithItsTypeAndLabelKeys() {
    PrometheusText scrape = new PrometheusText(AadMetrics.create().scrape());

    assertThat(scrape.families).isEqualTo(AadScrape.MIC);
    assertThat(scrape.samples.keySet())
        .contains(
            "aadpodidentity_mic_cycle_count",
            "aadpodidentity_cloud_provider_operations_errors_count{operation_type=\"vmss_get\"}",
            "aadpodidentity_cloud_provider_operations_errors_count{operation_type=\"vm_update\"}",
            "aadpodidentity_kubernetes_api_operations_errors_count"
                + "{operation_type=\"assigned_identity_deletion\"}");
  }

  @Test
  void countersKeepAadsNamesAndHistogramsAreWrittenAsGoWroteThem() {
    AadMetrics aad = AadMetrics.create();
    aad.cycle(700 * MS);
    aad.leaderElected();

    String text = aad.scrape();

    assertThat(text)
        .contains(
            """
            # HELP aadpodidentity_mic_cycle_count Total number of cycles executed in mic
            # TYPE aadpodidentity_mic_cycle_count counter
            aadpodidentity_mic_cycle_count 1
            """)
        .contains(
            """
            # HELP aadpodidentity_mic_cycle_duration_seconds Duration in seconds for single mic \
            sync cycle
            # TYPE aadpodidentity_mic_cycle_duration_seconds histogram
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="0.5"} 0
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="1"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="5"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="10"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="30"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="60"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="120"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="300"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="600"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="900"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="1200"} 1
            aadpodidentity_mic_cycle_duration_seconds_bucket{le="+Inf"} 1
            aadpodidentity_mic_cycle_duration_seconds_sum 0.7
            aadpodidentity_mic_cycle_duration_seconds_count 1
            """)
        .contains("aadpodidentity_mic_new_leader_election_count 1\n")
        .doesNotContain("_total")
        .doesNotContain("_max");
  }

  @Test
  void cloudCallsAreTimedWhenTheyWorkAndCountedWhenTheyFailByAadsOperationType() {
    AadMetrics aad = AadMetrics.create();
    aad.cloudCall(ComputeTarget.Kind.SCALE_SET, "PATCH", true, 2000 * MS);
    aad.cloudCall(ComputeTarget.Kind.SCALE_SET, "GET", false, 10 * MS);
    aad.cloudCall(ComputeTarget.Kind.VIRTUAL_MACHINE, "GET", true, 300 * MS);

    PrometheusText scrape = new PrometheusText(aad.scrape());

    String duration = "aadpodidentity_cloud_provider_operations_duration_seconds";
    String errors = "aadpodidentity_cloud_provider_operations_errors_count";
    assertThat(scrape.value(duration + "_count{operation_type=\"vmss_update\"}")).isEqualTo(1);
    assertThat(scrape.value(duration + "_sum{operation_type=\"vmss_update\"}")).isEqualTo(2);
    assertThat(scrape.value(duration + "_bucket{operation_type=\"vm_get\",le=\"0.5\"}"))
        .isEqualTo(1);
    assertThat(scrape.value(duration + "_count{operation_type=\"vmss_get\"}")).isZero();
    assertThat(scrape.value(errors + "{operation_type=\"vmss_get\"}")).isEqualTo(1);
    assertThat(scrape.value(errors + "{operation_type=\"vmss_update\"}")).isZero();
  }

  @Test
  void assignedIdentityWritesAreAadsAdditionUpdateAndDeletion() {
    AadMetrics aad = AadMetrics.create();
    aad.clusterWrite(ClusterCalls.Write.CREATE, true, 30 * MS);
    aad.clusterWrite(ClusterCalls.Write.UPDATE, true, 20 * MS);
    aad.clusterWrite(ClusterCalls.Write.DELETE, false, 5 * MS);

    PrometheusText scrape = new PrometheusText(aad.scrape());

    assertThat(scrape.value("aadpodidentity_assigned_identity_addition_count")).isEqualTo(1);
    assertThat(
            scrape.value(
                "aadpodidentity_assigned_identity_addition_duration_seconds_bucket{le=\"0.05\"}"))
        .isEqualTo(1);
    assertThat(scrape.value("aadpodidentity_assigned_identity_update_count")).isEqualTo(1);
    assertThat(scrape.value("aadpodidentity_assigned_identity_deletion_count")).isZero();
    assertThat(
            scrape.value(
                "aadpodidentity_kubernetes_api_operations_errors_count"
                    + "{operation_type=\"assigned_identity_deletion\"}"))
        .isEqualTo(1);
  }

  @Test
  void offRecordsAndServesNothing() {
    AadMetrics aad = AadMetrics.off();
    aad.cycle(MS);
    aad.cloudCall(ComputeTarget.Kind.VIRTUAL_MACHINE, "GET", false, MS);

    assertThat(aad.scrape()).isEmpty();
  }
}
