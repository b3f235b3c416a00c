package dev.podidentity.nmi;

import java.util.Map;

/**
 * aad-pod-identity's metric families as a scrape must show them (read with test-support's {@code
 * PrometheusText}).
 */
public final class AadScrape {
  /**
   * aad's NMI metrics ({@code pkg/metrics/metrics.go}): type and label keys. Counters keep aad's
   * {@code _count} names; durations are histograms in seconds.
   */
  public static final Map<String, String> NMI =
      Map.of(
          "aadpodidentity_nmi_operations_duration_seconds",
          "histogram [namespace, operation_type, resource, status_code]",
          "aadpodidentity_imds_operations_errors_count",
          "counter [operation_type]",
          "aadpodidentity_imds_operations_duration_seconds",
          "histogram [operation_type]",
          "aadpodidentity_kubernetes_api_operations_errors_count",
          "counter [operation_type]");
}
