package dev.podidentity.testsupport.kafka.secure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Reads the Strimzi {@code KafkaUser} manifests of {@code k8s/topics/strimzi/}, so tests grant a
 * principal exactly the ACLs the deployment grants it: one source of truth for who may do what.
 *
 * <p>Strimzi's ACL format: {@code resource: {type: topic|group|cluster|transactionalId, name,
 * patternType: literal|prefix}}, {@code operations: [Read, Write, Describe, DescribeConfigs, ...]}
 * (or the older single {@code operation}), {@code host} ({@code "*"} when absent) and {@code type:
 * allow|deny} ({@code allow} when absent).
 */
public final class KafkaUserManifests {
  /** Where the manifests live, relative to the repository root. */
  public static final String DIRECTORY = "k8s/topics/strimzi";

  private static final YAMLMapper YAML = new YAMLMapper();

  private KafkaUserManifests() {}

  /** Every KafkaUser of {@link #DIRECTORY} in the repository, by name. */
  public static Map<String, KafkaUserManifest> load() {
    return load(repositoryRoot().resolve(DIRECTORY));
  }

  /** The KafkaUser of that name; fails clearly if the manifests have none. */
  public static KafkaUserManifest user(String name) {
    KafkaUserManifest user = load().get(name);
    if (user == null) {
      throw new IllegalArgumentException(
          "no KafkaUser " + name + " in " + DIRECTORY + "; there are " + load().keySet());
    }
    return user;
  }

  /** Every KafkaUser in the {@code *.yaml} files of {@code dir} (not its subdirectories). */
  public static Map<String, KafkaUserManifest> load(Path dir) {
    Map<String, KafkaUserManifest> users = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (KafkaUserManifest u : parse(Files.readString(file))) {
          if (users.put(u.name(), u) != null) {
            throw new IllegalArgumentException("KafkaUser " + u.name() + " is defined twice");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the KafkaUser manifests in " + dir, e);
    }
    return users;
  }

  /** The KafkaUsers of a multi-document YAML text; other kinds are skipped. */
  public static List<KafkaUserManifest> parse(String yaml) throws IOException {
    List<KafkaUserManifest> users = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var docs = YAML.readValues(parser, JsonNode.class);
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "KafkaUser".equals(doc.path("kind").asText())) {
          users.add(user(doc));
        }
      }
    }
    return users;
  }

  private static KafkaUserManifest user(JsonNode doc) {
    String name = doc.path("metadata").path("name").asText();
    JsonNode spec = doc.path("spec");
    String authorization = spec.path("authorization").path("type").asText();
    if (!"simple".equals(authorization)) {
      throw new IllegalArgumentException(
          "KafkaUser "
              + name
              + ": only authorization type simple is understood, not "
              + authorization);
    }
    List<KafkaUserManifest.Rule> rules = new ArrayList<>();
    for (JsonNode acl : spec.path("authorization").path("acls")) {
      rules.add(rule(name, acl));
    }
    return new KafkaUserManifest(name, spec.path("authentication").path("type").asText(), rules);
  }

  private static KafkaUserManifest.Rule rule(String user, JsonNode acl) {
    JsonNode resource = acl.path("resource");
    String type = resource.path("type").asText();
    ResourceType resourceType =
        switch (type) {
          case "topic" -> ResourceType.TOPIC;
          case "group" -> ResourceType.GROUP;
          case "cluster" -> ResourceType.CLUSTER;
          case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
          default ->
              throw new IllegalArgumentException(
                  "KafkaUser " + user + ": unknown resource type " + type);
        };
    String resourceName =
        resourceType == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
    PatternType pattern =
        switch (resource.path("patternType").asText("literal")) {
          case "literal" -> PatternType.LITERAL;
          case "prefix" -> PatternType.PREFIXED;
          default ->
              throw new IllegalArgumentException(
                  "KafkaUser " + user + ": unknown patternType " + resource.path("patternType"));
        };
    List<AclOperation> operations = new ArrayList<>();
    acl.path("operations").forEach(op -> operations.add(operation(user, op.asText())));
    if (acl.has("operation")) {
      operations.add(operation(user, acl.path("operation").asText()));
    }
    if (operations.isEmpty() || resourceName.isEmpty()) {
      throw new IllegalArgumentException(
          "KafkaUser " + user + ": an ACL rule needs a resource name and operations: " + acl);
    }
    AclPermissionType permission =
        "deny".equals(acl.path("type").asText("allow"))
            ? AclPermissionType.DENY
            : AclPermissionType.ALLOW;
    return new KafkaUserManifest.Rule(
        resourceType, resourceName, pattern, operations, acl.path("host").asText("*"), permission);
  }

  /** Strimzi writes {@code DescribeConfigs}; Kafka's enum is {@code DESCRIBE_CONFIGS}. */
  static AclOperation operation(String user, String strimzi) {
    String constant = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    try {
      AclOperation op = AclOperation.valueOf(constant);
      if (op != AclOperation.UNKNOWN && op != AclOperation.ANY) {
        return op;
      }
    } catch (IllegalArgumentException unknown) {
      // reported below with the user's name
    }
    throw new IllegalArgumentException("KafkaUser " + user + ": unknown operation " + strimzi);
  }

  /**
   * The repository: {@code -Dpodidentity.home}, then {@code PODIDENTITY_HOME}, then the first
   * directory upwards of the working directory (a module, when Maven runs tests) that holds {@link
   * #DIRECTORY}.
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty("podidentity.home", System.getenv("PODIDENTITY_HOME"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(DIRECTORY))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository (no "
            + DIRECTORY
            + " above "
            + Path.of("").toAbsolutePath()
            + "); set PODIDENTITY_HOME");
  }
}
