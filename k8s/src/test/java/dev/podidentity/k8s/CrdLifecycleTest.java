package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs are installed once, on their own ({@code kubectl apply -k k8s/crds}). Nothing else
 * renders one, so {@code kubectl delete -k} of an overlay (or of an overlay with components) never
 * deletes a CRD, which would delete every AzureIdentity, binding and exception in the cluster.
 */
class CrdLifecycleTest {

  static Stream<Path> everythingButTheCrds() {
    Path crds = Kustomize.moduleDir().resolve("crds");
    return Kustomize.everything().stream().filter(p -> !p.equals(crds));
  }

  @ParameterizedTest
  @MethodSource("everythingButTheCrds")
  void noOverlayOrComponentRendersACrd(Path dir) {
    Rendered r = Kustomize.render(dir);
    assertThat(r.ofKind("CustomResourceDefinition").stream().map(Rendered::nameOf))
        .as("%s must not contain CRDs: deleting it would delete them", r.name())
        .isEmpty();
  }

  @Test
  void theCrdsDirectoryRendersExactlyTheFourCrdsAndNothingElse() {
    Rendered r = Kustomize.render("crds");
    assertThat(r.objects()).hasSize(4);
    assertThat(r.objects().stream().map(o -> o.path("kind").asText()))
        .containsOnly("CustomResourceDefinition");
    assertThat(r.objects().stream().map(Rendered::nameOf))
        .containsExactlyInAnyOrder(
            "azureidentities.aadpodidentity.k8s.io",
            "azureidentitybindings.aadpodidentity.k8s.io",
            "azureassignedidentities.aadpodidentity.k8s.io",
            "azurepodidentityexceptions.aadpodidentity.k8s.io");
  }

  /**
   * So that the check above covers every component: each is rendered by some overlay or fixture.
   */
  @Test
  void everyComponentIsRenderedWithAnOverlayByTheTests() {
    Path module = Kustomize.moduleDir();
    Set<Path> used = new TreeSet<>();
    for (Path dir : everythingButTheCrds().toList()) {
      JsonNode kustomization = Kustomize.readYamlFile(dir.resolve("kustomization.yaml"));
      for (JsonNode c : kustomization.path("components")) {
        used.add(dir.resolve(c.asText()).normalize());
      }
    }
    List<Path> components;
    try (Stream<Path> s = Files.list(module.resolve("components"))) {
      components = s.filter(Files::isDirectory).map(Path::normalize).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(used).containsAll(components);
  }
}
