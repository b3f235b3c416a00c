package dev.podidentity.nmi;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the view is replayed and current (and the iptables rule is in place). */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  private final NmiService service;

  public ReadinessCheck(NmiService service) {
    this.service = service;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("nmi-view")
        .status(service.ready())
        .withData("detail", service.readinessDetail())
        .build();
  }
}
