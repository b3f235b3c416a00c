package dev.podidentity.local;

import dev.podidentity.local.process.Processes;
import dev.podidentity.local.process.Readiness.StartFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stack's services as the processes they are: killed, stopped and started again as Kubernetes
 * would, a second replica started, their logs and management endpoints read. What the chaos run and
 * the system tests do to the services goes through here.
 */
public final class StackServices {
  private final Processes processes;

  StackServices(Processes processes) {
    this.processes = processes;
  }

  /** The names of the services that can be killed and restarted. */
  public List<String> names() {
    return processes.names();
  }

  /** SIGKILL a service, as a crashed pod. */
  public void kill(String service) {
    processes.kill(service);
  }

  /**
   * SIGTERM a service, SIGKILL after the stop grace: as Kubernetes deletes a pod, so the service
   * leaves its consumer group and lease at once instead of when they time out.
   */
  public void stop(String service) {
    processes.stop(service, StackLauncher.STOP_GRACE);
  }

  /** Starts a killed or stopped service again and waits until it is ready. */
  public void restart(String service) throws IOException, StartFailure {
    processes.restart(service);
  }

  /**
   * Starts a second replica of a Quarkus service (a standby assigner, say) under the name {@code
   * replica}: the same command and environment with {@code env} on top, on an HTTP port of its own;
   * waits until it is ready. {@link #stop} ends it; closing the stack too.
   */
  public void startReplica(String service, String replica, Map<String, String> env)
      throws IOException, StartFailure {
    processes.launchReplica(service, replica, env);
  }

  public boolean isRunning(String service) {
    return processes.isRunning(service);
  }

  public Path logOf(String service) {
    return processes.logOf(service);
  }

  /**
   * The management base URL of a Quarkus service ({@code watcher}, {@code assigner}, {@code
   * nmi-<index>}): its health and Prometheus metrics ({@code /q/metrics}), e.g. {@code
   * http://127.0.0.1:41234/q}.
   */
  public String managementUrl(String service) {
    String ready = processes.readyUrls().get(service);
    if (ready == null) {
      throw new IllegalArgumentException("no Quarkus service named " + service);
    }
    return ready.replace("/health/ready", "");
  }
}
