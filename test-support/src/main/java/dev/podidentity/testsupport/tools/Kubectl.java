package dev.podidentity.testsupport.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code kubectl} binary for tests that need it, and the reason to skip them where it is
 * missing or too old: the README's test command must pass on a machine without it. Detected once
 * per JVM from {@code kubectl version --client -o json}, which needs no cluster.
 */
public final class Kubectl {
  /** Components (the manifests' optional parts) need kustomize v3.7; kubectl 1.21 ships v4. */
  static final int MIN_KUSTOMIZE_MAJOR = 4;

  private static final long TIMEOUT_SECONDS = 120;

  private static final Pattern KUSTOMIZE =
      Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v?(\\d+)");
  private static final Pattern CLIENT = Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
  private static volatile Optional<String> versionJson;

  private Kubectl() {}

  /** Skips the calling test (or container) unless {@code kubectl} runs here. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        versionJson().isPresent(),
        "kubectl is not on the PATH (or does not run): this test drives the real binary");
  }

  /** Skips the calling test unless {@code kubectl kustomize} can render Components. */
  public static void assumeKustomize() {
    assumeAvailable();
    Optional<String> reason = kustomizeTooOld(versionJson().orElseThrow());
    Assumptions.assumeTrue(reason.isEmpty(), () -> reason.orElse(""));
  }

  /** Why this version output cannot render the manifests, if it cannot. */
  static Optional<String> kustomizeTooOld(String versionOutput) {
    Matcher k = KUSTOMIZE.matcher(versionOutput);
    Matcher c = CLIENT.matcher(versionOutput);
    String client = c.find() ? c.group(1) : "unknown";
    if (!k.find()) {
      return Optional.of("kubectl " + client + " reports no kustomize version");
    }
    int major = Integer.parseInt(k.group(1));
    if (major < MIN_KUSTOMIZE_MAJOR) {
      return Optional.of(
          "kubectl "
              + client
              + " ships kustomize v"
              + major
              + ", which cannot render Components (kubectl 1.21 or later is needed)");
    }
    return Optional.empty();
  }

  /**
   * Runs kubectl with these arguments and no kubeconfig of the user's; waits at most 120 s (a hung
   * process).
   */
  public static Result run(List<String> args, Map<String, String> env) {
    List<String> cmd = new ArrayList<>();
    cmd.add("kubectl");
    cmd.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().put("KUBECONFIG", "/dev/null");
      pb.environment().putAll(env);
      Process p = pb.start();
      var out = p.getInputStream();
      var err = p.getErrorStream();
      var stdout = CompletableFuture.supplyAsync(() -> readAll(out));
      var stderr = CompletableFuture.supplyAsync(() -> readAll(err));
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "kubectl " + args + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new IllegalStateException("kubectl could not be started: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running kubectl", e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<String> versionJson() {
    Optional<String> v = versionJson;
    if (v == null) {
      v = detect();
      versionJson = v;
    }
    return v;
  }

  private static Optional<String> detect() {
    try {
      Result r = run(List.of("version", "--client", "-o", "json"), Map.of());
      return r.exit() == 0 ? Optional.of(r.stdout()) : Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** What a kubectl run printed. */
  public record Result(int exit, String stdout, String stderr) {
    /** Both streams, for assertion messages. */
    public String both() {
      return stdout + stderr;
    }
  }
}
