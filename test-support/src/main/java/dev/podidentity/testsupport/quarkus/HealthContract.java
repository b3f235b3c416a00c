package dev.podidentity.testsupport.quarkus;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every service answers on its health port: liveness, readiness and Prometheus metrics. Each
 * service runs it with {@code @QuarkusTest class HealthIT extends HealthContract {}}.
 */
public abstract class HealthContract {

  @Test
  void answersLiveness() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void answersReadinessOnceStarted() {
    // Readiness follows the service's own start-up work (replaying topics), which goes on after
    // the application has started: wait for it, bounded, rather than race it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get("/q/health/ready").statusCode() == 200);
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void exposesPrometheusMetrics() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
  }
}
