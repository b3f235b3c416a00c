package dev.podidentity.assigner;

import java.util.Map;

/**
 * aad-pod-identity's metric families as a scrape must show them (read with test-support's {@code
 * PrometheusText}).
 */
public final class AadScrape {
  /**
   * aad's MIC metrics ({@code pkg/metrics/metrics.go}): type and label keys. Counters keep aad's
   * {@code _count} names; durations are histograms in seconds.
   */
  public static final Map<String, String> MIC =
      Map.ofEntries(
          Map.entry("aadpodidentity_assigned_identity_addition_duration_seconds", "histogram []"),
          Map.entry("aadpodidentity_assigned_identity_addition_count", "counter []"),
          Map.entry("aadpodidentity_assigned_identity_deletion_duration_seconds", "histogram []"),
          Map.entry("aadpodidentity_assigned_identity_deletion_count", "counter []"),
          Map.entry("aadpodidentity_assigned_identity_update_duration_seconds", "histogram []"),
          Map.entry("aadpodidentity_assigned_identity_update_count", "counter []"),
          Map.entry("aadpodidentity_mic_cycle_duration_seconds", "histogram []"),
          Map.entry("aadpodidentity_mic_cycle_count", "counter []"),
          Map.entry("aadpodidentity_mic_new_leader_election_count", "counter []"),
          Map.entry(
              "aadpodidentity_cloud_provider_operations_errors_count", "counter [operation_type]"),
          Map.entry(
              "aadpodidentity_cloud_provider_operations_duration_seconds",
              "histogram [operation_type]"),
          Map.entry(
              "aadpodidentity_kubernetes_api_operations_errors_count", "counter [operation_type]"));
}
