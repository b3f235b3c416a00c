package dev.podidentity.nmi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.metrics.PrometheusText;
import dev.podidentity.testsupport.quarkus.FreeLoopbackPort;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * aad-pod-identity's NMI metrics on their own listener, {@code GET /metrics} on the configured host
 * and port (aad's 9090 by default, a free loopback port here): every name with aad's type and label
 * keys once the token endpoint has answered.
 */
@QuarkusTest
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = FreeLoopbackPort.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "key", value = "nmi.aad-metrics.port"))
class AadMetricsIT {
  @ConfigProperty(name = "nmi.aad-metrics.port")
  int port;

  @Inject NmiService service;

  Response get(String path) {
    return given().baseUri("http://127.0.0.1").port(port).get(path);
  }

  @Test
  void everyAadMetricIsServedWithItsTypeAndLabelKeysOnceATokenRequestIsAnswered() {
    // No Metadata header: refused at once, as aad's token handler refused it.
    int status =
        given()
            .baseUri("http://127.0.0.1")
            .port(service.node().port())
            .get("/metadata/identity/oauth2/token?resource=https://vault.azure.net")
            .statusCode();
    assertThat(status).isEqualTo(400);

    Response r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText scrape = new PrometheusText(r.asString());
    assertThat(scrape.families).isEqualTo(AadScrape.NMI);
    assertThat(
            scrape.value(
                "aadpodidentity_nmi_operations_duration_seconds_count{namespace=\"\","
                    + "operation_type=\"/metadata/identity/oauth2/token\",resource=\"\","
                    + "status_code=\"400\"}"))
        .isPositive();
  }

  @Test
  void theServicesOwnMetricsStayOnTheManagementPort() {
    assertThat(given().get("/q/metrics").asString())
        .contains("podidentity_nmi_view_age_seconds")
        .doesNotContain("aadpodidentity_");
  }
}
