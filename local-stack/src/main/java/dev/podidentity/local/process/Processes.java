package dev.podidentity.local.process;

import dev.podidentity.local.ClassPath;
import dev.podidentity.local.process.Readiness.StartFailure;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's child processes by name: how they are launched (small heaps, the quick JIT tier —
 * eight JVMs share two cores), where they log, how they are killed, restarted and stopped.
 */
public final class Processes {
  private final Path logDir;
  private final Duration readyTimeout;
  private final Map<String, ServiceProcess> byName = new LinkedHashMap<>();
  private final Map<String, String> readyUrls = new LinkedHashMap<>();

  public Processes(Path logDir, Duration readyTimeout) {
    this.logDir = logDir;
    this.readyTimeout = readyTimeout;
  }

  /** The JVM command line our services start with: C1 only, as the DaemonSet runs the NMI. */
  public static List<String> jvm() {
    List<String> cmd = standInJvm();
    cmd.add("-XX:TieredStopAtLevel=1");
    return cmd;
  }

  /**
   * The JVM command line of the stand-ins for Kubernetes and Azure: the full JIT, because each of
   * their tokens is an RS256 signature, and RSA's BigInteger intrinsics come only with C2 (5.8 ms a
   * signature with C1 against 0.7 ms, measured here; kube-apiserver and Entra sign natively).
   */
  public static List<String> standInJvm() {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC"));
  }

  /** A stand-in's main class, from this launcher's own class path. */
  public static List<String> javaCommand(String mainClass, Object... args) {
    List<String> cmd = standInJvm();
    cmd.add("-cp");
    cmd.add(ClassPath.absolute());
    cmd.add(mainClass);
    for (Object a : args) {
      cmd.add(String.valueOf(a));
    }
    return cmd;
  }

  public ServiceProcess launch(String name, List<String> cmd, Map<String, String> env)
      throws IOException {
    ServiceProcess p = ServiceProcess.start(name, cmd, env, logDir.resolve(name + ".log"));
    byName.put(name, p);
    return p;
  }

  /** Waits until the service answers 200 on {@code readyUrl}; remembered for restarts. */
  public void awaitReady(String name, String readyUrl) throws StartFailure {
    readyUrls.put(name, readyUrl);
    Readiness.awaitHttpOk(process(name), readyUrl, readyTimeout);
  }

  public int count() {
    return byName.size();
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Readiness URLs of the services that have one, in start order. */
  public Map<String, String> readyUrls() {
    return Collections.unmodifiableMap(readyUrls);
  }

  /** SIGKILL, as a crashed pod. */
  public void kill(String service) {
    process(service).kill();
  }

  /**
   * Starts another replica of a running Quarkus service: its command and environment, with {@code
   * env} on top and an HTTP port of its own, logging to a file of its own; waits until it is ready.
   */
  public void launchReplica(String service, String replica, Map<String, String> env)
      throws IOException, StartFailure {
    ServiceProcess original = process(service);
    int port = LoopbackPorts.free();
    Map<String, String> merged = new LinkedHashMap<>(original.environment());
    merged.putAll(env);
    merged.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    launch(replica, original.command(), merged);
    awaitReady(replica, "http://127.0.0.1:" + port + "/q/health/ready");
  }

  /** SIGTERM, then SIGKILL once {@code grace} has passed, as a deleted pod. */
  public void stop(String service, Duration grace) {
    process(service).stop(grace);
  }

  /** Starts a killed or stopped service again and waits until it is ready. */
  public void restart(String service) throws IOException, StartFailure {
    ServiceProcess p = process(service);
    p.restart();
    String ready = readyUrls.get(service);
    if (ready != null) {
      Readiness.awaitHttpOk(p, ready, readyTimeout);
    }
  }

  public boolean isRunning(String service) {
    return process(service).alive();
  }

  public Path logOf(String service) {
    return process(service).log();
  }

  /** Stops every process in reverse order of start. */
  public void stopAll(Duration grace) {
    List<ServiceProcess> reverse = new ArrayList<>(byName.values());
    Collections.reverse(reverse);
    for (ServiceProcess p : reverse) {
      p.close(grace);
    }
    byName.clear();
  }

  private ServiceProcess process(String service) {
    ServiceProcess p = byName.get(service);
    if (p == null) {
      throw new IllegalArgumentException("no service " + service + "; known: " + byName.keySet());
    }
    return p;
  }
}
