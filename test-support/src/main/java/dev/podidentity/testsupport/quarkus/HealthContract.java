package dev.podidentity.testsupport.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

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
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void exposesPrometheusMetrics() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
  }
}
