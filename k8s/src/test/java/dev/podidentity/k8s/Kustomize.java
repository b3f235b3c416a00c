package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders kustomizations with {@code kubectl kustomize} (offline, no cluster) and parses the
 * multi-document YAML. Each directory is rendered once per test JVM.
 */
final class Kustomize {
  /** Rendering one overlay takes well under a second; this only stops a hung process. */
  private static final long TIMEOUT_SECONDS = 120;

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The k8s module directory: Maven runs tests there; the IDE may run them from the root. */
  static Path moduleDir() {
    Path here = Path.of("").toAbsolutePath();
    if (Files.isDirectory(here.resolve("overlays"))) {
      return here;
    }
    Path child = here.resolve("k8s");
    if (Files.isDirectory(child.resolve("overlays"))) {
      return child;
    }
    throw new IllegalStateException("cannot find the k8s module from " + here);
  }

  /** The overlays users apply: every directory under overlays/. */
  static List<Path> overlays() {
    return subdirectories(moduleDir().resolve("overlays"));
  }

  /** Test fixtures that add the optional components to an overlay. */
  static List<Path> fixtures() {
    return subdirectories(moduleDir().resolve("src/test/kustomize"));
  }

  /** Test fixtures of the Strimzi objects (topics and users) with components. */
  static List<Path> strimziFixtures() {
    return subdirectories(moduleDir().resolve("src/test/strimzi"));
  }

  /** Everything a user can apply: overlays, component fixtures and the Strimzi objects. */
  static List<Path> everything() {
    List<Path> all = new ArrayList<>(overlays());
    all.addAll(fixtures());
    all.add(moduleDir().resolve("topics/strimzi"));
    all.addAll(strimziFixtures());
    all.add(moduleDir().resolve("crds"));
    return all;
  }

  static Rendered render(Path dir) {
    return CACHE.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
  }

  static Rendered render(String relative) {
    return render(moduleDir().resolve(relative));
  }

  private static List<Path> subdirectories(Path parent) {
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders without the cache (benchmarks). */
  static Rendered renderUncached(Path dir) {
    return run(dir);
  }

  private static Rendered run(Path dir) {
    Process process;
    try {
      process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectErrorStream(false)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "kubectl is not on the PATH: install it (`kubectl kustomize` renders offline and needs"
              + " no cluster), then run the tests again",
          e);
    }
    try {
      CompletableFuture<byte[]> out = readAsync(process.getInputStream());
      CompletableFuture<byte[]> err = readAsync(process.getErrorStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "kubectl kustomize " + dir + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String stdout = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      String stderr = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl kustomize " + dir + " failed (" + process.exitValue() + "): " + stderr);
      }
      return new Rendered(dir, parse(stdout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering " + dir, e);
    } catch (Exception e) {
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("rendering " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<byte[]> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Parses a multi-document YAML stream; empty documents are skipped. */
  static List<JsonNode> parse(String yaml) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      ObjectMapper mapper = YAML;
      YAMLFactory factory = YAML.getFactory();
      try (var parser = factory.createParser(yaml)) {
        var it = mapper.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          JsonNode node = it.next();
          if (node != null && !node.isNull() && !node.isMissingNode()) {
            docs.add(node);
          }
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("rendered YAML does not parse", e);
    }
  }

  static JsonNode readYamlFile(Path file) {
    try {
      List<JsonNode> docs = parse(Files.readString(file));
      if (docs.size() != 1) {
        throw new IllegalArgumentException(file + " must hold exactly one object");
      }
      return docs.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
