package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A running aad-pod-identity cluster's objects, as its docs, examples and e2e tests shape them
 * ({@code src/test/resources/aad-shapes/}), go through this project unchanged: the CRDs keep every
 * field the user wrote and accept its types, and the policies every overlay installs admit each
 * object, warning only where the fixture says so. With components/policies-enforce exactly those
 * warnings become denials.
 */
class AadShapesTest {

  private static final Set<String> CRD_KINDS =
      Set.of(
          "AzureIdentity",
          "AzureIdentityBinding",
          "AzureAssignedIdentity",
          "AzurePodIdentityException");

  /** One fixture: the object, the admission request it stands for, the warnings it must get. */
  record Shape(String name, JsonNode object, String operation, String resource, Set<String> warns) {
    boolean isCustomResource() {
      return CRD_KINDS.contains(object.path("kind").asText());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Path dir() {
    return Kustomize.moduleDir().resolve("src/test/resources/aad-shapes");
  }

  static List<Shape> all() {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .sorted()
          .map(AadShapesTest::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Shape> shapes() {
    return all().stream();
  }

  static Stream<Shape> customResources() {
    return all().stream().filter(Shape::isCustomResource);
  }

  private static Shape load(Path file) {
    JsonNode object = Kustomize.readYamlFile(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode reviewed = reviewedObject(object);
    String operation = "CREATE";
    String resource = Admission.resourceOf(reviewed);
    Set<String> warns = new TreeSet<>();
    for (String line : lines) {
      if (line.startsWith("# request: ")) {
        String[] request = line.substring("# request: ".length()).trim().split("\\s+");
        operation = request[0];
        resource = request[1];
      } else if (line.startsWith("# warns: ")) {
        warns.add(line.substring("# warns: ".length()).trim());
      }
    }
    return new Shape(file.getFileName().toString(), object, operation, resource, warns);
  }

  /** A workload is admitted as-is; the pods its controller creates are what the policies see. */
  static JsonNode reviewedObject(JsonNode object) {
    String kind = object.path("kind").asText();
    if (!Rendered.WORKLOAD_KINDS.contains(kind)) {
      return object;
    }
    JsonNode template =
        "CronJob".equals(kind)
            ? object.path("spec").path("jobTemplate").path("spec").path("template")
            : object.path("spec").path("template");
    ObjectNode pod = Kustomize.parse("apiVersion: v1\nkind: Pod\n").get(0).deepCopy();
    ObjectNode metadata = template.path("metadata").deepCopy();
    metadata.put("generateName", Rendered.nameOf(object) + "-");
    metadata.remove("name");
    if (object.path("metadata").has("namespace")) {
      metadata.set("namespace", object.path("metadata").path("namespace"));
    }
    pod.set("metadata", metadata);
    pod.set("spec", template.path("spec"));
    return pod;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customResources")
  void theCrdSchemaAcceptsItAndKeepsEveryFieldTheUserWrote(Shape shape) {
    assertThat(CrdSchemaTest.validate(shape.object())).as(shape.name()).isEmpty();
    JsonNode schema = CrdSchemaTest.openApiSchema(shape.object().path("kind").asText());
    assertThat(StructuralPruning.prunedPaths(schema, shape.object())).as(shape.name()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void everyOverlayAdmitsItWarningOnlyWhereExpected(Shape shape) {
    for (Path overlay : Kustomize.overlays()) {
      Rendered r = Kustomize.render(overlay);
      Admission.Review review =
          Admission.review(r, reviewedObject(shape.object()), shape.operation(), shape.resource());
      assertThat(review.denials()).as("%s denied in %s", shape, r.name()).isEmpty();
      assertThat(review.findings().stream().map(Admission.Finding::policy))
          .as("%s warnings in %s: %s", shape, r.name(), review.warnings())
          .containsExactlyInAnyOrderElementsOf(shape.warns());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void withThePoliciesEnforcedExactlyTheWarningsBecomeDenials(Shape shape) {
    Rendered r = Kustomize.render("src/test/kustomize/policies-enforce");
    Admission.Review review =
        Admission.review(r, reviewedObject(shape.object()), shape.operation(), shape.resource());
    assertThat(review.warnings()).isEmpty();
    assertThat(review.findings().stream().map(Admission.Finding::policy).toList())
        .containsExactlyInAnyOrderElementsOf(shape.warns());
  }

  /** The fixtures cover what the issue lists; a deleted fixture fails here, not silently. */
  @Test
  void theFixturesCoverAadPodIdentitysShapes() {
    List<Shape> shapes = all();
    assertThat(shapes.stream().map(s -> s.object().path("kind").asText()).collect(toSet()))
        .contains(
            "AzureIdentity",
            "AzureIdentityBinding",
            "AzureAssignedIdentity",
            "AzurePodIdentityException",
            "Deployment",
            "Pod");
    Set<String> identitySpecKeys =
        shapes.stream()
            .filter(s -> s.object().path("kind").asText().equals("AzureIdentity"))
            .flatMap(s -> fieldNames(s.object().path("spec")).stream())
            .collect(toSet());
    assertThat(identitySpecKeys)
        .contains("type", "Type", "resourceID", "ResourceID", "clientID", "ClientID")
        .contains("clientPassword", "ClientPassword", "tenantID", "auxiliaryTenantIDs");
    assertThat(
            shapes.stream()
                .filter(s -> s.object().path("kind").asText().equals("AzureIdentity"))
                .map(s -> s.object().path("spec").path("type").asInt(-1))
                .collect(toSet()))
        .contains(0, 1, 2);
    assertThat(shapes.stream().map(Shape::resource).collect(toSet()))
        .contains("pods/ephemeralcontainers");
    assertThat(shapes.stream().map(Shape::operation).collect(toSet())).contains("CREATE", "UPDATE");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(java.util.LinkedHashSet::new);
  }
}
