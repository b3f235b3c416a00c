package dev.podidentity.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs accept aad-pod-identity's documented objects (also with capitalised field names, kept
 * unpruned) and reject objects of the wrong shape. Validation uses each CRD's openAPIV3Schema with
 * an OpenAPI 3.0 validator (it knows {@code nullable}); pruning is checked separately.
 */
class CrdSchemaTest {

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V4,
          b ->
              b.metaSchema(OpenApi30.getInstance())
                  .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

  private static final Map<String, JsonNode> SCHEMAS = new HashMap<>();

  static synchronized JsonNode openApiSchema(String kind) {
    if (SCHEMAS.isEmpty()) {
      for (JsonNode crd : Kustomize.render("crds").ofKind("CustomResourceDefinition")) {
        JsonNode version = crd.path("spec").path("versions").get(0);
        SCHEMAS.put(
            crd.path("spec").path("names").path("kind").asText(),
            version.path("schema").path("openAPIV3Schema"));
      }
    }
    JsonNode schema = SCHEMAS.get(kind);
    assertThat(schema).as("a CRD for kind %s", kind).isNotNull();
    return schema;
  }

  static Set<ValidationMessage> validate(JsonNode object) {
    JsonSchema schema = FACTORY.getSchema(openApiSchema(object.path("kind").asText()));
    return schema.validate(object);
  }

  static Stream<Path> valid() {
    return examples("valid");
  }

  static Stream<Path> invalid() {
    return examples("invalid");
  }

  private static Stream<Path> examples(String dir) {
    Path root = Kustomize.moduleDir().resolve("src/test/resources/examples").resolve(dir);
    try (Stream<Path> files = Files.list(root)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theFourCrdsAreAadPodIdentitysNamesInV1NamespacedServedAndStored() {
    List<JsonNode> crds = Kustomize.render("crds").ofKind("CustomResourceDefinition");
    assertThat(crds.stream().map(Rendered::nameOf))
        .containsExactlyInAnyOrder(
            "azureidentities.aadpodidentity.k8s.io",
            "azureidentitybindings.aadpodidentity.k8s.io",
            "azureassignedidentities.aadpodidentity.k8s.io",
            "azurepodidentityexceptions.aadpodidentity.k8s.io");
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      assertThat(spec.path("group").asText()).isEqualTo("aadpodidentity.k8s.io");
      assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
      assertThat(spec.path("versions")).hasSize(1);
      JsonNode v1 = spec.path("versions").get(0);
      assertThat(v1.path("name").asText()).isEqualTo("v1");
      assertThat(v1.path("served").asBoolean()).isTrue();
      assertThat(v1.path("storage").asBoolean()).isTrue();
      assertThat(
              v1.path("schema")
                  .path("openAPIV3Schema")
                  .path("properties")
                  .path("spec")
                  .path("x-kubernetes-preserve-unknown-fields")
                  .asBoolean())
          .as("%s keeps capitalised fields", Rendered.nameOf(crd))
          .isTrue();
    }
  }

  /** Every field of aad-pod-identity v1.8's CRDs, with its type: ours must have the same. */
  @ParameterizedTest(name = "{0} {1} is {2}")
  @CsvSource({
    "AzureIdentity, spec.type, integer",
    "AzureIdentity, spec.resourceID, string",
    "AzureIdentity, spec.clientID, string",
    "AzureIdentity, spec.clientPassword, object",
    "AzureIdentity, spec.clientPassword.name, string",
    "AzureIdentity, spec.clientPassword.namespace, string",
    "AzureIdentity, spec.clientPassword.Name, string",
    "AzureIdentity, spec.clientPassword.Namespace, string",
    "AzureIdentity, spec.tenantID, string",
    "AzureIdentity, spec.auxiliaryTenantIDs, array",
    "AzureIdentity, spec.adResourceID, string",
    "AzureIdentity, spec.adEndpoint, string",
    "AzureIdentity, spec.replicas, integer",
    "AzureIdentity, spec.metadata, object",
    "AzureIdentity, status.availableReplicas, integer",
    "AzureIdentityBinding, spec.azureIdentity, string",
    "AzureIdentityBinding, spec.selector, string",
    "AzureIdentityBinding, spec.weight, integer",
    "AzureIdentityBinding, status.availableReplicas, integer",
    "AzurePodIdentityException, spec.podLabels, object",
    "AzurePodIdentityException, status.status, string",
    "AzureAssignedIdentity, spec.azureIdentityRef, object",
    "AzureAssignedIdentity, spec.azureIdentityRef.spec.type, integer",
    "AzureAssignedIdentity, spec.azureIdentityRef.spec.resourceID, string",
    "AzureAssignedIdentity, spec.azureIdentityRef.spec.clientPassword.Name, string",
    "AzureAssignedIdentity, spec.azureIdentityRef.spec.metadata, object",
    "AzureAssignedIdentity, spec.azureIdentityRef.status.availableReplicas, integer",
    "AzureAssignedIdentity, spec.azureBindingRef, object",
    "AzureAssignedIdentity, spec.azureBindingRef.spec.selector, string",
    "AzureAssignedIdentity, spec.azureBindingRef.spec.metadata, object",
    "AzureAssignedIdentity, spec.azureBindingRef.status.availableReplicas, integer",
    "AzureAssignedIdentity, spec.pod, string",
    "AzureAssignedIdentity, spec.podNamespace, string",
    "AzureAssignedIdentity, spec.nodename, string",
    "AzureAssignedIdentity, spec.replicas, integer",
    "AzureAssignedIdentity, status.status, string",
    "AzureAssignedIdentity, status.availableReplicas, integer",
  })
  void hasEveryFieldOfAadPodIdentityWithTheSameType(String kind, String path, String type) {
    JsonNode node = openApiSchema(kind);
    for (String part : path.split("\\.")) {
      node = node.path("properties").path(part);
    }
    assertThat(node.path("type").asText()).as("%s %s", kind, path).isEqualTo(type);
  }

  @ParameterizedTest
  @MethodSource("valid")
  void acceptsAadPodIdentitysExampleObjects(Path file) {
    JsonNode object = Kustomize.readYamlFile(file);
    assertThat(validate(object)).as(file.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void keepsEveryFieldOfTheExampleObjectsIncludingCapitalisedOnes(Path file) {
    JsonNode object = Kustomize.readYamlFile(file);
    assertThat(StructuralPruning.prunedPaths(openApiSchema(object.path("kind").asText()), object))
        .as(file.getFileName().toString())
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsObjectsOfTheWrongShape(Path file) {
    JsonNode object = Kustomize.readYamlFile(file);
    String expectedPath = expectedRejection(file);
    assertThat(validate(object))
        .as(file.getFileName().toString())
        .isNotEmpty()
        .anySatisfy(m -> assertThat(m.getInstanceLocation().toString()).isEqualTo(expectedPath));
  }

  /** Each invalid example names the field that makes it invalid in a "# rejected at:" line. */
  private static String expectedRejection(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith("# rejected at: "))
          .map(l -> l.substring("# rejected at: ".length()).trim())
          .findFirst()
          .orElseThrow(() -> new AssertionError(file + " lacks a '# rejected at:' line"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void pruningCheckFindsFieldsOutsideTheSpecThatWouldBeDropped() {
    JsonNode object =
        Kustomize.parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureIdentity
                metadata: {name: x}
                Spec: {type: 0}
                Status: {}
                spec:
                  clientPassword: {name: s, Namespace: default}
                """)
            .get(0);
    assertThat(StructuralPruning.prunedPaths(openApiSchema("AzureIdentity"), object))
        .containsExactlyInAnyOrder(".Spec", ".Status");
  }

  /**
   * aad-pod-identity's docs write the SecretReference both ways ({@code {"name":..}} and, in the
   * certificate example, {@code {"Name":..}}); its own CRD pruned the second. Ours keeps both, in
   * the embedded copy of the assignment too.
   */
  @Test
  void clientPasswordKeepsCapitalisedSecretReferenceKeys() {
    JsonNode identity =
        Kustomize.parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureIdentity
                metadata: {name: x}
                spec:
                  type: 2
                  clientPassword: {"Name": "sp-cert", "Namespace": "default"}
                """)
            .get(0);
    assertThat(validate(identity)).isEmpty();
    assertThat(StructuralPruning.prunedPaths(openApiSchema("AzureIdentity"), identity)).isEmpty();
    JsonNode assigned =
        Kustomize.parse(
                """
                apiVersion: aadpodidentity.k8s.io/v1
                kind: AzureAssignedIdentity
                metadata: {name: x}
                spec:
                  azureIdentityRef:
                    apiVersion: aadpodidentity.k8s.io/v1
                    kind: AzureIdentity
                    metadata: {name: x}
                    spec:
                      type: 2
                      clientPassword: {"Name": "sp-cert", "NAMESPACE": "default"}
                """)
            .get(0);
    assertThat(StructuralPruning.prunedPaths(openApiSchema("AzureAssignedIdentity"), assigned))
        .isEmpty();
  }

  static JsonNode columns(String kind) {
    for (JsonNode crd : Kustomize.render("crds").ofKind("CustomResourceDefinition")) {
      if (kind.equals(crd.path("spec").path("names").path("kind").asText())) {
        return crd.path("spec").path("versions").get(0).path("additionalPrinterColumns");
      }
    }
    throw new AssertionError("no CRD for " + kind);
  }

  /**
   * kubectl shows a CRD's declared columns and nothing else, so each declares Age itself; the
   * columns aad-pod-identity declared (AzureIdentity, AzureIdentityBinding) come first, in its
   * order, and ours for AzureAssignedIdentity (aad-pod-identity had none) stay.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AzureIdentity | Type=.spec.type:string, ClientID=.spec.clientID:string,"
            + " Age=.metadata.creationTimestamp:date",
        "AzureIdentityBinding | AzureIdentity=.spec.azureIdentity:string,"
            + " Selector=.spec.selector:string, Age=.metadata.creationTimestamp:date",
        "AzureAssignedIdentity | Pod=.spec.pod:string, Node=.spec.nodename:string,"
            + " Status=.status.status:string, Age=.metadata.creationTimestamp:date",
        "AzurePodIdentityException | Age=.metadata.creationTimestamp:date",
      })
  void printerColumnsIncludeAge(String kind, String expected) {
    List<String> actual = new java.util.ArrayList<>();
    for (JsonNode c : columns(kind)) {
      actual.add(
          c.path("name").asText()
              + "="
              + c.path("jsonPath").asText()
              + ":"
              + c.path("type").asText());
    }
    assertThat(actual).containsExactly(expected.split(",\\s*"));
  }
}
