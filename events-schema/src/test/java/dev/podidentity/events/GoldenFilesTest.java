package dev.podidentity.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden files are the contract as other tools see it: every type has one, and they round-trip.
 */
class GoldenFilesTest {

  /**
   * Golden file name to the type a reader asks for (config records are read as the sealed type).
   */
  static final Map<String, Class<? extends Event>> GOLDEN =
      Map.ofEntries(
          Map.entry("node.json", NodeRecord.class),
          Map.entry("node-unmanaged.json", NodeRecord.class),
          Map.entry("pod.json", PodRecord.class),
          Map.entry("identity.json", ConfigRecord.class),
          Map.entry("identity-service-principal.json", ConfigRecord.class),
          Map.entry("identity-invalid.json", ConfigRecord.class),
          Map.entry("identity-federated.json", ConfigRecord.class),
          Map.entry("binding.json", ConfigRecord.class),
          Map.entry("binding-eager.json", ConfigRecord.class),
          Map.entry("exception.json", ConfigRecord.class),
          Map.entry("assignment.json", AssignmentRecord.class),
          Map.entry("ledger.json", LedgerRecord.class),
          Map.entry("ledger-blocked.json", LedgerRecord.class),
          Map.entry("heartbeat.json", HeartbeatRecord.class));

  static Stream<Arguments> goldenFiles() {
    return GOLDEN.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void goldenFileRoundTripsUnchanged(String file, Class<? extends Event> type) throws IOException {
    JsonNode golden = read(file);
    Event parsed = EventJson.parse(golden.toString(), type);

    JsonNode written = EventJson.mapper().readTree(EventJson.toBytes(parsed));

    assertThat(written).isEqualTo(golden);
    assertThat(parsed.schemaVersion()).isEqualTo(Event.CURRENT_SCHEMA_VERSION);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void unknownFieldsFromANewerWriterAreIgnored(String file, Class<? extends Event> type)
      throws IOException {
    ObjectNode newer = (ObjectNode) read(file);
    newer.put("addedInVersion2", "something");
    newer.putObject("nestedFuture").put("x", 1);
    newer.put("schemaVersion", 2);

    Event parsed = EventJson.parse(newer.toString(), type);

    Event original = EventJson.parse(read(file).toString(), type);
    assertThat(parsed.schemaVersion()).isEqualTo(2);
    ObjectNode parsedTree = EventJson.mapper().valueToTree(parsed);
    ObjectNode originalTree = EventJson.mapper().valueToTree(original);
    parsedTree.remove("schemaVersion");
    originalTree.remove("schemaVersion");
    assertThat(parsedTree).isEqualTo(originalTree);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void missingRequiredFieldIsAnErrorNamingTheField(String file, Class<? extends Event> type)
      throws IOException {
    Class<?> concrete = EventJson.parse(read(file).toString(), type).getClass();
    for (String field : requiredFields(concrete)) {
      ObjectNode broken = (ObjectNode) read(file);
      broken.remove(field);

      assertThatThrownBy(() -> EventJson.parse(broken.toString(), type))
          .as("%s without %s", file, field)
          .isInstanceOf(EventParseException.class)
          .hasMessageContaining(field)
          .extracting(e -> ((EventParseException) e).field())
          .isEqualTo(field);
    }
  }

  @Test
  void aPodRecordWrittenBeforeServiceAccountsReadsAsTheDefaultServiceAccount() throws IOException {
    ObjectNode old = (ObjectNode) read("pod.json");
    old.remove("serviceAccount");

    PodRecord parsed = EventJson.parse(old.toString(), PodRecord.class);

    assertThat(parsed.serviceAccount()).isEqualTo("default");
    assertThat(parsed.uid()).isEqualTo(read("pod.json").get("uid").asText());
  }

  @Test
  void anIdentityRecordWrittenBeforeFederationIsNotFederatedAndStillNeedsItsTarget()
      throws IOException {
    ObjectNode old = (ObjectNode) read("identity-federated.json");
    old.remove("federated");

    IdentityRecord parsed = (IdentityRecord) EventJson.parse(old.toString(), ConfigRecord.class);

    assertThat(parsed.federated()).isFalse();
    assertThat(parsed.needsCloudAssignment()).isTrue();
  }

  @Test
  void aFederatedIdentityNeedsNoCloudAssignment() throws IOException {
    IdentityRecord parsed =
        (IdentityRecord)
            EventJson.parse(read("identity-federated.json").toString(), ConfigRecord.class);

    assertThat(parsed.federated()).isTrue();
    assertThat(parsed.needsCloudAssignment()).isFalse();
  }

  @Test
  void aLedgerWrittenBeforeBlockedReadsAsNotBlockedAndWritesNoBlocked() throws IOException {
    LedgerRecord parsed = EventJson.parse(read("ledger.json").toString(), LedgerRecord.class);

    assertThat(parsed.blocked()).isNull();
    assertThat(EventJson.mapper().readTree(EventJson.toBytes(parsed)).has("blocked")).isFalse();
  }

  @Test
  void aBlockedLedgerSaysUntilWhenAndWhy() throws IOException {
    LedgerRecord parsed =
        EventJson.parse(read("ledger-blocked.json").toString(), LedgerRecord.class);

    assertThat(parsed.blocked())
        .isEqualTo(
            new LedgerRecord.Blocked(
                Instant.parse("2026-12-06T12:00:30Z"),
                LedgerRecord.Cause.THROTTLED,
                "ARM 429, Retry-After 30s"));
    assertThat(parsed.withBlocked(null).blocked()).isNull();
    assertThat(parsed.withBlocked(null).owned()).isEqualTo(parsed.owned());
  }

  @Test
  void aCauseFromANewerWriterReadsAsOther() throws IOException {
    ObjectNode newer = (ObjectNode) read("ledger-blocked.json");
    ((ObjectNode) newer.get("blocked")).put("cause", "MAINTENANCE");

    LedgerRecord parsed = EventJson.parse(newer.toString(), LedgerRecord.class);

    assertThat(parsed.blocked().cause()).isEqualTo(LedgerRecord.Cause.OTHER);
  }

  @Test
  void aBlockedWithoutItsInstantOrWithAMalformedOneIsAnErrorNamingIt() throws IOException {
    ObjectNode missing = (ObjectNode) read("ledger-blocked.json");
    ((ObjectNode) missing.get("blocked")).remove("until");
    ObjectNode malformed = (ObjectNode) read("ledger-blocked.json");
    ((ObjectNode) malformed.get("blocked")).put("until", "in 30 seconds");

    for (ObjectNode broken : List.of(missing, malformed)) {
      assertThatThrownBy(() -> EventJson.parse(broken.toString(), LedgerRecord.class))
          .as(broken.toString())
          .isInstanceOf(EventParseException.class)
          .extracting(e -> ((EventParseException) e).field())
          .isEqualTo("blocked.until");
    }
  }

  @Test
  void missingNestedFieldIsNamedWithItsPath() throws IOException {
    ObjectNode broken = (ObjectNode) read("assignment.json");
    ((ObjectNode) broken.get("identities").get(1)).remove("state");

    assertThatThrownBy(() -> EventJson.parse(broken.toString(), AssignmentRecord.class))
        .isInstanceOf(EventParseException.class)
        .extracting(e -> ((EventParseException) e).field())
        .isEqualTo("identities[1].state");
  }

  @Test
  void emptyRequiredTextIsAnErrorNamingTheField() throws IOException {
    ObjectNode broken = (ObjectNode) read("pod.json");
    broken.put("uid", "");

    assertThatThrownBy(() -> EventJson.parse(broken.toString(), PodRecord.class))
        .isInstanceOf(EventParseException.class)
        .hasMessageContaining("uid")
        .extracting(e -> ((EventParseException) e).field())
        .isEqualTo("uid");
  }

  @Test
  void malformedJsonIsAParseErrorNotACrash() {
    for (String bad :
        List.of("{", "[]", "\"text\"", "{\"schemaVersion\": \"one\"}", "null", "{}x")) {
      assertThatThrownBy(() -> EventJson.parse(bad, PodRecord.class))
          .as(bad)
          .isInstanceOf(EventParseException.class);
    }
    assertThatThrownBy(() -> EventJson.parse(new byte[0], PodRecord.class))
        .isInstanceOf(EventParseException.class);
  }

  @Test
  void unknownConfigKindIsAParseError() throws IOException {
    ObjectNode other = (ObjectNode) read("binding.json");
    other.put("kind", "AzureSomethingElse");

    assertThatThrownBy(() -> EventJson.parse(other.toString(), ConfigRecord.class))
        .isInstanceOf(EventParseException.class)
        .hasMessageContaining("AzureSomethingElse");
  }

  @Test
  void everyEventTypeHasAGoldenFile() throws IOException {
    Set<Class<?>> covered = new HashSet<>();
    for (var e : GOLDEN.entrySet()) {
      covered.add(EventJson.parse(read(e.getKey()).toString(), e.getValue()).getClass());
    }

    assertThat(covered).containsExactlyInAnyOrderElementsOf(concreteEventTypes(Event.class));
  }

  static List<Class<?>> concreteEventTypes(Class<?> type) {
    if (!type.isSealed()) {
      return List.of(type);
    }
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> sub : type.getPermittedSubclasses()) {
      out.addAll(concreteEventTypes(sub));
    }
    return out;
  }

  static List<String> requiredFields(Class<?> recordType) {
    return Arrays.stream(recordType.getRecordComponents())
        .filter(GoldenFilesTest::required)
        .map(RecordComponent::getName)
        .toList();
  }

  private static boolean required(RecordComponent c) {
    JsonProperty p = c.getAnnotation(JsonProperty.class);
    return p != null && p.required();
  }

  static JsonNode read(String file) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as(file).isNotNull();
      return EventJson.mapper().readTree(in);
    }
  }
}
