package dev.podidentity.nmi.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.nmi.AadScrape;
import dev.podidentity.testsupport.metrics.PrometheusText;
import org.junit.jupiter.api.Test;

/** aad-pod-identity's NMI metrics come out as its OpenCensus exporter wrote them. */
class AadMetricsTest {
  static final long MS = 1_000_000L;
  static final String TOKEN = "/metadata/identity/oauth2/token";

  @Test
  void theUpstreamAndKubernetesMetricsAreThereFromTheStart() {
    PrometheusText scrape = new PrometheusText(AadMetrics.create().scrape());

    assertThat(scrape.families).containsAllEntriesOf(withoutRequests());
    assertThat(scrape.samples.keySet())
        .contains(
            "aadpodidentity_imds_operations_errors_count"
                + "{operation_type=\"adal_token_msi_userassignedid\"}",
            "aadpodidentity_imds_operations_errors_count{operation_type=\"adal_token\"}",
            "aadpodidentity_kubernetes_api_operations_errors_count{operation_type=\"get_secret\"}");
  }

  private static java.util.Map<String, String> withoutRequests() {
    java.util.Map<String, String> m = new java.util.HashMap<>(AadScrape.NMI);
    m.remove("aadpodidentity_nmi_operations_duration_seconds");
    return m;
  }

  @Test
  void aTokenRequestIsAadsNmiOperationWithItsFourLabelsAndBuckets() {
    AadMetrics aad = AadMetrics.create();
    aad.request(TOKEN, 200, "default", "https://vault.azure.net", 700 * MS);

    String text = aad.scrape();

    String series =
        "namespace=\"default\",operation_type=\"/metadata/identity/oauth2/token\","
            + "resource=\"https://vault.azure.net\",status_code=\"200\"";
    String name = "aadpodidentity_nmi_operations_duration_seconds";
    assertThat(text)
        .contains(
            "# HELP "
                + name
                + " Duration in seconds for nmi operations\n# TYPE "
                + name
                + " histogram\n"
                + name
                + "_bucket{"
                + series
                + ",le=\"0.5\"} 0\n"
                + name
                + "_bucket{"
                + series
                + ",le=\"1\"} 1\n")
        .contains(name + "_bucket{" + series + ",le=\"100\"} 1\n")
        .contains(
            name
                + "_bucket{"
                + series
                + ",le=\"+Inf\"} 1\n"
                + name
                + "_sum{"
                + series
                + "} 0.7\n"
                + name
                + "_count{"
                + series
                + "} 1\n")
        .doesNotContain("_total")
        .doesNotContain("_max");
    assertThat(new PrometheusText(text).families).isEqualTo(AadScrape.NMI);
  }

  @Test
  void aRefusalNamesNoResource() {
    AadMetrics aad = AadMetrics.create();
    aad.request(TOKEN, 403, "default", "https://attacker-chosen", MS);
    aad.request(TOKEN, 400, "", null, MS);

    PrometheusText scrape = new PrometheusText(aad.scrape());

    assertThat(scrape.value(tokenCount("default", "", 403))).isEqualTo(1);
    assertThat(scrape.value(tokenCount("", "", 400))).isEqualTo(1);
    assertThat(scrape.samples.keySet()).noneMatch(s -> s.contains("attacker"));
  }

  @Test
  void repeatedRequestsOfOneSeriesUseNoneOfTheBound() {
    AadMetrics aad = AadMetrics.create();
    for (int i = 0; i <= AadMetrics.MAX_REQUEST_SERIES; i++) {
      // Equal labels in new strings each time, as each request's are.
      aad.request(TOKEN, 200, new String("default"), new String("https://vault.azure.net"), MS);
    }
    aad.request(TOKEN, 200, "default", "https://storage.azure.com/", MS);

    PrometheusText scrape = new PrometheusText(aad.scrape());

    assertThat(scrape.value(tokenCount("default", "https://vault.azure.net", 200)))
        .isEqualTo(AadMetrics.MAX_REQUEST_SERIES + 1);
    assertThat(scrape.samples.keySet()).anyMatch(s -> s.contains("https://storage.azure.com/"));
  }

  @Test
  void pastTheSeriesBoundResourcesAreNoLongerNamed() {
    AadMetrics aad = AadMetrics.create();
    for (int i = 0; i <= AadMetrics.MAX_REQUEST_SERIES; i++) {
      aad.request(TOKEN, 200, "default", "https://app-" + i, MS);
    }

    PrometheusText scrape = new PrometheusText(aad.scrape());

    assertThat(scrape.samples.keySet())
        .filteredOn(s -> s.startsWith("aadpodidentity_nmi_operations_duration_seconds_count"))
        .hasSize(AadMetrics.MAX_REQUEST_SERIES + 1)
        .anyMatch(s -> s.contains("resource=\"\""))
        .noneMatch(s -> s.contains("app-" + AadMetrics.MAX_REQUEST_SERIES + "\""));
  }

  @Test
  void upstreamTokensAreTimedWhenTheyWorkAndCountedWhenTheyFail() {
    AadMetrics aad = AadMetrics.create();
    aad.upstreamToken(AadMetrics.MSI_USER_ASSIGNED, true, 30 * MS);
    aad.upstreamToken(AadMetrics.SERVICE_PRINCIPAL, false, 30 * MS);
    aad.secretReadFailed();

    PrometheusText scrape = new PrometheusText(aad.scrape());

    String duration = "aadpodidentity_imds_operations_duration_seconds";
    String errors = "aadpodidentity_imds_operations_errors_count";
    assertThat(
            scrape.value(
                duration + "_bucket{operation_type=\"adal_token_msi_userassignedid\",le=\"0.05\"}"))
        .isEqualTo(1);
    assertThat(scrape.value(errors + "{operation_type=\"adal_token_msi_userassignedid\"}"))
        .isZero();
    assertThat(scrape.value(errors + "{operation_type=\"adal_token\"}")).isEqualTo(1);
    assertThat(scrape.value(duration + "_count{operation_type=\"adal_token\"}")).isZero();
    assertThat(
            scrape.value(
                "aadpodidentity_kubernetes_api_operations_errors_count"
                    + "{operation_type=\"get_secret\"}"))
        .isEqualTo(1);
  }

  @Test
  void offRecordsAndServesNothing() {
    AadMetrics aad = AadMetrics.off();
    aad.request(TOKEN, 200, "default", "r", MS);
    aad.upstreamToken(AadMetrics.MSI, false, MS);

    assertThat(aad.on()).isFalse();
    assertThat(aad.scrape()).isEmpty();
  }

  /** The count sample of one token-request series. */
  private static String tokenCount(String namespace, String resource, int status) {
    return "aadpodidentity_nmi_operations_duration_seconds_count{namespace=\""
        + namespace
        + "\",operation_type=\""
        + TOKEN
        + "\",resource=\""
        + resource
        + "\",status_code=\""
        + status
        + "\"}";
  }
}
