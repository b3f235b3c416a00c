package dev.podidentity.local;

import dev.podidentity.local.process.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where each part of a running stack listens, as {@code --keep-running} prints it. */
final class StackEndpoints {
  private StackEndpoints() {}

  static List<String> lines(
      KafkaAccess kafka,
      String kubernetesUrl,
      String issuer,
      SimulatedAzure azure,
      Processes processes,
      Path runDir) {
    List<String> lines = new ArrayList<>();
    lines.addAll(kafka.endpoints());
    lines.add("kubernetes api      " + kubernetesUrl);
    lines.add("sa token issuer     " + issuer + " (OIDC discovery and JWKS)");
    lines.add(
        "azure simulator     " + azure.armUrl() + " (ARM, Entra, /admin)  imds " + azure.imdsUrl());
    lines.add("simulator trust pem " + azure.trustPem());
    for (Map.Entry<String, String> e : processes.readyUrls().entrySet()) {
      if (!processes.isRunning(e.getKey())) {
        continue; // a stopped replica, or a service killed and not started again: nothing answers
      }
      String base = e.getValue().replace("/q/health/ready", "");
      lines.add(
          String.format("%-19s health %s/q/health  metrics %s/q/metrics", e.getKey(), base, base));
    }
    for (SimNode n : azure.nodes()) {
      lines.add(
          String.format(
              "node %-14s %s  token endpoint http://127.0.0.1:%d/metadata/identity/oauth2/token",
              n.index(), n.name(), n.nmiPort()));
    }
    lines.add("logs                " + runDir.resolve("logs"));
    return lines;
  }
}
