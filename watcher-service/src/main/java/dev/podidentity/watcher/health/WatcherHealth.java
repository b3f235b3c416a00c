package dev.podidentity.watcher.health;

import dev.podidentity.watcher.WatcherService;
import dev.podidentity.watcher.engine.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness says which role this replica has; liveness fails when a watch has died for good. */
public final class WatcherHealth {
  private WatcherHealth() {}

  /** Ready once the cluster is listed, as leader or follower; {@code role} says which. */
  @Readiness
  @ApplicationScoped
  public static class Ready implements HealthCheck {
    @Inject WatcherService service;

    @Override
    public HealthCheckResponse call() {
      Role role = service.role();
      boolean leading = role == Role.LEADER || role == Role.SYNCING;
      return HealthCheckResponse.named("watcher")
          .status(role == Role.FOLLOWER || leading)
          .withData("role", leading ? "leader" : role.label())
          .withData("publishing", role == Role.LEADER)
          .build();
    }
  }

  @Liveness
  @ApplicationScoped
  public static class Live implements HealthCheck {
    @Inject WatcherService service;

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("watcher-informers").status(service.live()).build();
    }
  }
}
