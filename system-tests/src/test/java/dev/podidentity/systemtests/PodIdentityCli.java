package dev.podidentity.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podidentity} command as users run it: the built jar in a process of its own, reaching
 * the stack through a kubeconfig and the Kafka and Azure settings a user exports.
 */
final class PodIdentityCli {
  /** What one run printed and how it ended. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Path jar;
  private final Map<String, String> env;
  private final Path workDir;

  private PodIdentityCli(Path jar, Map<String, String> env, Path workDir) {
    this.jar = jar;
    this.env = env;
    this.workDir = workDir;
  }

  /** The command for {@code stack}; skips (assumption) when the command is not built. */
  static PodIdentityCli of(LocalStack stack, Map<String, String> env) {
    Path root = RepoRoot.find().orElseThrow();
    Path jar = RepoRoot.quarkusRunner(root, "podidentity-cli");
    assumeTrue(Files.isRegularFile(jar), "podidentity-cli is not built (mvn install -DskipTests)");
    return new PodIdentityCli(jar, env, stack.runDir());
  }

  Run run(String... args) {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar"));
    command.add(jar.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "cli-", ".out");
      Path err = Files.createTempFile(workDir, "cli-", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("podidentity " + String.join(" ", args) + " hung");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
