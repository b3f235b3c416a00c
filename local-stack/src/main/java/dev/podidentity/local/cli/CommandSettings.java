package dev.podidentity.local.cli;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.core.EnvFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code podidentity} command's settings for this stack, as a file to {@code source}: the
 * kubeconfig, the broker, and the simulator as its Azure (the same ARM and Entra endpoints and CA
 * file the assigner is given, with a service principal of the command's own, so its secret is not
 * the assigner's).
 */
public final class CommandSettings {
  static final String FILE = "podidentity.env";

  private CommandSettings() {}

  /** Writes {@code <run dir>/podidentity.env} and answers its path. */
  static Path write(LocalStack stack, Path kubeconfig) throws IOException {
    Path file = stack.runDir().resolve(FILE);
    Files.writeString(
        file,
        EnvFile.render(
            List.of(
                "bin/podidentity's settings for the local stack in " + stack.runDir(),
                "use: source " + file),
            environment(stack, kubeconfig)));
    return file;
  }

  /**
   * The variables the file exports, with a new service principal of the command's own (the system
   * tests run the command with them, as a user who sourced the file).
   */
  public static Map<String, String> environment(LocalStack stack, Path kubeconfig) {
    String secret = UUID.randomUUID().toString();
    Map<String, Object> principal = stack.simulator().addServicePrincipal(null, secret, null);
    return exports(
        kubeconfig,
        stack.bootstrapServers(),
        stack.armUrl(),
        stack.trustPem(),
        (String) principal.get("tenantId"),
        (String) principal.get("clientId"),
        secret);
  }

  /** Writes a kubeconfig for the stack's Kubernetes API to {@code file} and answers it. */
  public static Path writeKubeconfig(LocalStack stack, Path file) throws IOException {
    Files.writeString(file, kubeconfig(stack.kubernetesUrl()));
    return file;
  }

  static String kubeconfig(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: podidentity-local
          cluster:
            server: %s
        contexts:
        - name: podidentity-local
          context:
            cluster: podidentity-local
            namespace: default
        current-context: podidentity-local
        users: []
        """
        .formatted(server);
  }

  static Map<String, String> exports(
      Path kubeconfig,
      String bootstrap,
      String armUrl,
      Path trustPem,
      String tenantId,
      String clientId,
      String secret) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toString());
    // The launcher's own PLAINTEXT listener (a super user there), also with --kafka-tls.
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    // The simulator serves ARM and Entra at one address, as the assigner is told.
    env.put("PODIDENTITY_AZURE_ARM_ENDPOINT", armUrl + "/");
    env.put("PODIDENTITY_AZURE_AUTHORITY_HOST", armUrl + "/");
    env.put("PODIDENTITY_AZURE_TENANT_ID", tenantId);
    env.put("PODIDENTITY_AZURE_CLIENT_ID", clientId);
    env.put("PODIDENTITY_AZURE_CLIENT_SECRET", secret);
    env.put("PODIDENTITY_AZURE_TRUST_PEM", trustPem.toString());
    return env;
  }
}
