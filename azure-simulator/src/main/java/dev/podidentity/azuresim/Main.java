package dev.podidentity.azuresim;

import dev.podidentity.azuresim.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the simulator standalone until interrupted. */
@Command(
    name = "azure-simulator",
    mixinStandardHelpOptions = true,
    description =
        "A simulated Azure on 127.0.0.1: ARM compute identity API, managed identities, Entra and"
            + " JWKS over HTTPS, IMDS per VM over HTTP, with Azure's throttling and errors.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--arm-port",
      description = "HTTPS port for ARM, Entra and /admin (0 = any). Default ${DEFAULT-VALUE}.")
  int armPort = 0;

  @Option(
      names = "--imds-port",
      description =
          "HTTP port for every VM's IMDS under /vms/{vm} (0 = any). Default ${DEFAULT-VALUE}.")
  int imdsPort = 0;

  @Option(names = "--seed", description = "Seed data JSON file (see README).")
  Path seed;

  @Option(
      names = "--patch-latency",
      description =
          "How long an update's long-running operation runs, ISO-8601 or seconds. Default ${DEFAULT-VALUE}.")
  String patchLatency = "PT10S";

  @Option(
      names = "--time-scale",
      description =
          "Simulated seconds per real second (budgets and latency). Default ${DEFAULT-VALUE}.")
  double timeScale = 1.0;

  @Option(
      names = "--trust-dir",
      description =
          "Directory for the certificate (PEM) and trust store (PKCS12). Default: a temp dir.")
  Path trustDir;

  @Option(
      names = "--issuer-trust-pem",
      description =
          "A certificate (PEM) to trust when fetching an https OIDC issuer's keys for a federated"
              + " assertion; repeatable.")
  List<Path> issuerTrustPems = new ArrayList<>();

  @Option(names = "--tenant", description = "Tenant id. Default ${DEFAULT-VALUE}.")
  String tenant = SimulatorConfig.DEFAULT_TENANT;

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config =
        SimulatorConfig.defaults()
            .withArmPort(armPort)
            .withImdsPort(imdsPort)
            .withPatchLatency(parseDuration(patchLatency))
            .withTimeScale(timeScale)
            .withTrustDir(trustDir)
            .withTenantId(tenant)
            .withIssuerTrustPems(issuerTrustPems);
    if (seed != null) {
      config = config.withSeed(Json.MAPPER.readValue(Files.readString(seed), Seed.class));
    }
    AzureSimulator sim = AzureSimulator.start(config);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stop.countDown();
                }));
    System.out.println("arm   " + sim.armUrl() + "  (ARM, Entra authority host, /admin)");
    System.out.println("imds  " + sim.imdsUrl() + "  (per VM: " + sim.imdsUrl() + "/vms/{vmName})");
    System.out.println(
        "trust "
            + sim.trustPemPath()
            + "  pkcs12 "
            + sim.trustStorePath()
            + " (password "
            + sim.trustStorePassword()
            + ")");
    System.out.println("tenant " + sim.tenantId());
    System.out.flush();
    stop.await();
    return 0;
  }

  static Duration parseDuration(String text) {
    return text.startsWith("P") || text.startsWith("p")
        ? Duration.parse(text)
        : Duration.ofMillis((long) (Double.parseDouble(text) * 1000));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
