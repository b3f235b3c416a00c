package dev.podidentity.assigner.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podidentity.assigner.AadScrape;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.IdentityRecord;
import dev.podidentity.events.PodRecord;
import dev.podidentity.testsupport.kafka.KafkaTestResource;
import dev.podidentity.testsupport.metrics.PrometheusText;
import dev.podidentity.testsupport.quarkus.FreeLoopbackPort;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * aad-pod-identity's MIC metrics on their own listener, {@code GET /metrics} on the configured host
 * and port (aad's 8888 by default, a free loopback port here): every name with aad's type and label
 * keys, fed by a pod assigned on a simulated scale set and a pod on one that does not exist.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = FreeLoopbackPort.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "key", value = "assigner.aad-metrics.port"))
@WithKubernetesTestServer(crud = true)
class AadMetricsIT {
  static final Duration LONG = Duration.ofSeconds(60);
  static EventsDriver driver;

  @ConfigProperty(name = "assigner.aad-metrics.port")
  int port;

  @BeforeAll
  static void driver() {
    driver = new EventsDriver();
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  Response get(String path) {
    return given().baseUri("http://127.0.0.1").port(port).get(path);
  }

  PrometheusText scrape() {
    Response r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    return new PrometheusText(r.asString());
  }

  @Test
  void everyAadMetricIsServedWithItsTypeAndLabelKeys() {
    PrometheusText scrape = scrape();

    assertThat(scrape.families).isEqualTo(AadScrape.MIC);
    // The group handed this replica its partitions at start: aad's leader election.
    assertThat(scrape.value("aadpodidentity_mic_new_leader_election_count")).isPositive();
  }

  @Test
  void anAssignedPodFeedsCyclesCloudCallsAndAssignedIdentityWrites() {
    String vmss = "vmss-" + UUID.randomUUID().toString().substring(0, 8);
    SimulatorTestResource.sim()
        .admin()
        .addScaleSet(SimulatorTestResource.SUBSCRIPTION, SimulatorTestResource.RG, vmss, 1);
    ComputeTarget target =
        ComputeTarget.scaleSet(SimulatorTestResource.SUBSCRIPTION, SimulatorTestResource.RG, vmss);
    Map<String, Object> created =
        SimulatorTestResource.sim()
            .admin()
            .createIdentity(
                SimulatorTestResource.SUBSCRIPTION, SimulatorTestResource.RG, "aad-" + vmss);
    IdentityRecord id =
        AssignerIT.identityRecord(
            "aad-" + vmss, (String) created.get("id"), (String) created.get("clientId"));
    IdentityRecord ghost =
        AssignerIT.identityRecord(
            "ghost-" + vmss,
            "/subscriptions/"
                + SimulatorTestResource.SUBSCRIPTION
                + "/resourceGroups/"
                + SimulatorTestResource.RG
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ghost-"
                + vmss,
            UUID.randomUUID().toString());
    String sel = "sel-" + vmss;
    for (IdentityRecord i : List.of(id, ghost)) {
      driver.config(i);
      driver.config(AssignerIT.binding(i.name(), sel));
    }
    PodRecord pod = AssignerIT.pod("p-" + vmss, target, 0, sel);

    driver.pod(pod);
    await()
        .atMost(LONG)
        .until(
            () ->
                driver.assignment(pod) != null
                    && driver.assignment(pod).identities().stream()
                        .anyMatch(i -> i.state() == AssignmentState.ASSIGNED));
    driver.podGone(pod);

    await()
        .atMost(LONG)
        .untilAsserted(
            () -> {
              PrometheusText s = scrape();
              assertThat(s.value("aadpodidentity_mic_cycle_count")).isPositive();
              assertThat(s.value("aadpodidentity_mic_cycle_duration_seconds_count")).isPositive();
              String cloud = "aadpodidentity_cloud_provider_operations_duration_seconds_count";
              assertThat(s.value(cloud + "{operation_type=\"vmss_get\"}")).isPositive();
              assertThat(s.value(cloud + "{operation_type=\"vmss_update\"}")).isPositive();
              assertThat(
                      s.value(
                          "aadpodidentity_cloud_provider_operations_errors_count"
                              + "{operation_type=\"vmss_update\"}"))
                  .as("the PATCH Azure refused for an identity it does not know")
                  .isPositive();
              assertThat(s.value("aadpodidentity_assigned_identity_addition_count")).isPositive();
              assertThat(
                      s.value("aadpodidentity_assigned_identity_addition_duration_seconds_count"))
                  .isPositive();
              assertThat(s.value("aadpodidentity_assigned_identity_deletion_count")).isPositive();
            });
  }

  @Test
  void theServicesOwnMetricsStayOnTheHttpPort() {
    String text = given().get("/q/metrics").asString();

    assertThat(text).contains("podidentity_assigner_queue_depth").doesNotContain("aadpodidentity_");
  }
}
