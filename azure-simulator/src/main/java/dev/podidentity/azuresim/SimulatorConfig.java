package dev.podidentity.azuresim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start a simulator. Ports 0 mean ephemeral. {@code patchLatency} is how long a scale-set or
 * VM update runs (simulated time) before its long-running operation completes; {@code timeScale}
 * makes simulated time run faster than real time (60 = a simulated minute per real second), for
 * budgets and latencies alike.
 *
 * @param trustDir where the trust files go; null means a fresh temporary directory
 * @param seed seed data to load at start, or null
 * @param issuerTrustPems certificates (PEM files) Entra trusts when it fetches an https OIDC
 *     issuer's keys for a federated assertion, besides the simulator's own certificate
 */
public record SimulatorConfig(
    String host,
    int armPort,
    int imdsPort,
    Duration patchLatency,
    double timeScale,
    Path trustDir,
    String tenantId,
    Seed seed,
    List<Path> issuerTrustPems) {

  public SimulatorConfig {
    issuerTrustPems = issuerTrustPems == null ? List.of() : List.copyOf(issuerTrustPems);
  }

  /** Azure's tenant used when none is given. */
  public static final String DEFAULT_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  /** Realistic defaults for standalone runs: updates take 10 simulated seconds. */
  public static SimulatorConfig defaults() {
    return new SimulatorConfig(
        "127.0.0.1", 0, 0, Duration.ofSeconds(10), 1.0, null, DEFAULT_TENANT, null, List.of());
  }

  /** For unit tests: updates complete at once. */
  public static SimulatorConfig forTests() {
    return defaults().withPatchLatency(Duration.ZERO);
  }

  public SimulatorConfig withArmPort(int port) {
    return new SimulatorConfig(
        host, port, imdsPort, patchLatency, timeScale, trustDir, tenantId, seed, issuerTrustPems);
  }

  public SimulatorConfig withImdsPort(int port) {
    return new SimulatorConfig(
        host, armPort, port, patchLatency, timeScale, trustDir, tenantId, seed, issuerTrustPems);
  }

  public SimulatorConfig withPatchLatency(Duration latency) {
    return new SimulatorConfig(
        host, armPort, imdsPort, latency, timeScale, trustDir, tenantId, seed, issuerTrustPems);
  }

  public SimulatorConfig withTimeScale(double scale) {
    return new SimulatorConfig(
        host, armPort, imdsPort, patchLatency, scale, trustDir, tenantId, seed, issuerTrustPems);
  }

  public SimulatorConfig withTrustDir(Path dir) {
    return new SimulatorConfig(
        host, armPort, imdsPort, patchLatency, timeScale, dir, tenantId, seed, issuerTrustPems);
  }

  public SimulatorConfig withTenantId(String tenant) {
    return new SimulatorConfig(
        host, armPort, imdsPort, patchLatency, timeScale, trustDir, tenant, seed, issuerTrustPems);
  }

  public SimulatorConfig withSeed(Seed s) {
    return new SimulatorConfig(
        host, armPort, imdsPort, patchLatency, timeScale, trustDir, tenantId, s, issuerTrustPems);
  }

  /** Also trusts these certificates for https OIDC issuers (federated assertions). */
  public SimulatorConfig withIssuerTrustPems(List<Path> pems) {
    return new SimulatorConfig(
        host, armPort, imdsPort, patchLatency, timeScale, trustDir, tenantId, seed, pems);
  }

  /** Real milliseconds a simulated duration takes. */
  long realMillis(Duration simulated) {
    return (long) Math.ceil(simulated.toMillis() / timeScale);
  }
}
