package dev.podidentity.cli;

import dev.podidentity.cli.engine.ExitCodes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Errors as one clear line and an exit code, never a stack trace. */
@ApplicationScoped
public class CommandLineSetup {
  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    return factory
        .create()
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.USAGE;
              }
              if (e instanceof IllegalStateException) {
                // Adapters say in one line what did not answer or refused (Kafka unreachable, a
                // write refused by an ACL, ARM) and what they could not read (too slow).
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.FAILURE;
              }
              if (e instanceof KubernetesClientException k) {
                commandLine.getErr().println("error: " + clusterError(k));
                return ExitCodes.FAILURE;
              }
              commandLine.getErr().println("error: " + e);
              return ExitCodes.FAILURE;
            });
  }

  /** What the cluster said, or why it could not be reached (kubectl's two kinds of error). */
  static String clusterError(KubernetesClientException k) {
    if (k.getCode() > 0) {
      String message =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : k.getMessage();
      return "the cluster answered " + k.getCode() + ": " + message;
    }
    Throwable root = k;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "cannot reach the cluster of the kubeconfig's current context ("
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage())
        + ")";
  }
}
