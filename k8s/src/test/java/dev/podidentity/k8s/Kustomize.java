package dev.podidentity.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podidentity.testsupport.tools.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Renders kustomizations with {@code kubectl kustomize} (offline, no cluster) and parses the
 * multi-document YAML. Each directory is rendered once per test JVM.
 */
final class Kustomize {
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
    // Skips (not fails) the test where kubectl is missing or too old to render Components.
    Kubectl.assumeKustomize();
    Kubectl.Result r = Kubectl.run(List.of("kustomize", dir.toString()), Map.of());
    if (r.exit() != 0) {
      throw new IllegalStateException(
          "kubectl kustomize " + dir + " failed (" + r.exit() + "): " + r.stderr());
    }
    return new Rendered(dir, parse(r.stdout()));
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
