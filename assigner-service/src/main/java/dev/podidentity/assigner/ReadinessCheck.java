package dev.podidentity.assigner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every input was replayed to the end offsets taken at partition assignment. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject AssignerService service;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("replayed").status(service.ready()).build();
  }
}
