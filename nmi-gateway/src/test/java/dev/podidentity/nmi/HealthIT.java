package dev.podidentity.nmi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.podidentity.testsupport.kafka.BeatingKafkaTestResource;
import dev.podidentity.testsupport.quarkus.HealthContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The service starts with the shared broker and answers health and metrics on its management port;
 * readiness comes once the view is replayed.
 */
@QuarkusTest
@WithTestResource(value = BeatingKafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class HealthIT extends HealthContract {

  @Test
  void exposesTheViewAge() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("podidentity_nmi_view_age_seconds"));
  }
}
