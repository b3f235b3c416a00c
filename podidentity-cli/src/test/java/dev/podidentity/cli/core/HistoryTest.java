package dev.podidentity.cli.core;

import static dev.podidentity.events.AssignmentState.ASSIGNED;
import static dev.podidentity.events.AssignmentState.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podidentity.cli.core.HistoryEntry.Change;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit trail from the two topics' records: table tests (the property test is separate). */
class HistoryTest {
  static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
  static final ComputeTarget POOL = ComputeTarget.scaleSet("sub", "rg", "AKS-Pool1-VMSS");
  static final String DEMO_ID =
      "/subscriptions/sub/resourcegroups/ids/providers/microsoft.managedidentity/"
          + "userassignedidentities/demo";

  /** Records as the event log returns them, offsets and times counting up. */
  static final class Log {
    final List<LogRecord> ledger = new ArrayList<>();
    final List<LogRecord> assignments = new ArrayList<>();
    long clock;

    Log add(String topic, String key, Event value) {
      return raw(topic, key, value == null ? null : EventJson.toBytes(value));
    }

    /** The pod's assignment with identity apps/demo in {@code state}. */
    Log demo(String pod, AssignmentState state) {
      return add(Topics.ASSIGNMENTS, key(pod), pod(pod, identity("demo", state, null)));
    }

    Log raw(String topic, String key, byte[] value) {
      List<LogRecord> to = topic.equals(Topics.LEDGER) ? ledger : assignments;
      to.add(
          new LogRecord(
              topic, 0, to.size(), T0.toEpochMilli() + 1000 * clock++, key, value, Map.of()));
      return this;
    }

    History history() {
      return History.of(ledger, assignments);
    }
  }

  static AssignedIdentity identity(String name, AssignmentState state, String reason) {
    String id = DEMO_ID.replace("/demo", "/" + name);
    return new AssignedIdentity(
        "apps",
        name,
        name + "-binding",
        IdentityType.USER_ASSIGNED_MSI,
        id,
        null,
        null,
        state,
        reason);
  }

  static AssignmentRecord pod(String name, AssignedIdentity... identities) {
    return new AssignmentRecord(
        1, "uid-" + name, "apps", name, "node-0", POOL, List.of(identities));
  }

  /** A record of {@code partition} written {@code millis} after T0. */
  static LogRecord at(String topic, int partition, long millis, String key, Event value) {
    return new LogRecord(
        topic, partition, 0, T0.toEpochMilli() + millis, key, EventJson.toBytes(value), Map.of());
  }

  static String key(String pod) {
    return Keys.pod(POOL, "uid-" + pod);
  }

  static List<String> events(List<HistoryEntry> entries) {
    return entries.stream()
        .map(
            e ->
                Stream.of(e.change().label(), e.pod(), e.identity(), e.detail())
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(" ")))
        .toList();
  }

  @Test
  void aPodsIdentityIsCreatedAssignedAndUnassignedWhenThePodIsDeleted() {
    Log log = new Log();
    log.demo("web", CREATED);
    log.demo("web", ASSIGNED);
    log.demo("web", ASSIGNED);
    log.add(Topics.ASSIGNMENTS, key("web"), null);
    log.add(Topics.ASSIGNMENTS, key("web"), null);

    List<HistoryEntry> entries = log.history().entries();

    assertThat(events(entries))
        .containsExactly(
            "CREATED apps/web apps/demo binding demo-binding",
            "ASSIGNED apps/web apps/demo binding demo-binding",
            "UNASSIGNED apps/web apps/demo pod deleted");
    assertThat(entries.get(2).time()).isEqualTo(T0.plusSeconds(3));
    assertThat(entries.get(2).podUid()).isEqualTo("uid-web");
    assertThat(entries.get(2).resourceId()).isEqualTo(DEMO_ID);
    assertThat(HistoryEntry.table(entries).lines())
        .containsExactly(
            "TIME                       SCALE-SET        POD        IDENTITY    EVENT        DETAIL",
            "2026-12-06T09:00:00.000Z   aks-pool1-vmss   apps/web   apps/demo   CREATED      binding demo-binding",
            "2026-12-06T09:00:01.000Z   aks-pool1-vmss   apps/web   apps/demo   ASSIGNED     binding demo-binding",
            "2026-12-06T09:00:03.000Z   aks-pool1-vmss   apps/web   apps/demo   UNASSIGNED   pod deleted");
  }

  @Test
  void aFailureIsAnEntryWithItsReasonAndEachNewReasonAnother() {
    Log log = new Log();
    log.add(
        Topics.ASSIGNMENTS,
        key("a"),
        pod("a", identity("demo", AssignmentState.FAILED, "403 no access")));
    log.add(
        Topics.ASSIGNMENTS,
        key("a"),
        pod("a", identity("demo", AssignmentState.FAILED, "403 no access")));
    log.add(
        Topics.ASSIGNMENTS,
        key("a"),
        pod("a", identity("demo", AssignmentState.FAILED, "not found")));
    log.add(Topics.ASSIGNMENTS, key("a"), pod("a", identity("other", CREATED, null)));

    assertThat(events(log.history().entries()))
        .containsExactly(
            "FAILED apps/a apps/demo 403 no access",
            "FAILED apps/a apps/demo not found",
            "CREATED apps/a apps/other binding other-binding",
            "UNASSIGNED apps/a apps/demo no longer bound");
  }

  @Test
  void aTombstoneWhosePodsRecordsAreGoneIsFoundByItsKey() {
    Log log = new Log().add(Topics.ASSIGNMENTS, key("old"), null);

    HistoryEntry e = log.history().entries().get(0);

    assertThat(e.change()).isEqualTo(Change.UNASSIGNED);
    assertThat(e.podUid()).isEqualTo("uid-old");
    assertThat(e.target()).isEqualTo(POOL.armId());
    assertThat(e.detail()).isEqualTo("pod deleted; its earlier records are gone");
  }

  @Test
  void anUnreadableValueIsListedWithItsPodAndChangesNothing() {
    Log log = new Log();
    log.demo("x", ASSIGNED);
    log.raw(Topics.ASSIGNMENTS, key("x"), "{not json".getBytes(StandardCharsets.UTF_8));
    log.demo("x", ASSIGNED);
    log.raw(
        Topics.LEDGER, Keys.ledger(POOL), "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));

    List<HistoryEntry> entries = log.history().entries();

    assertThat(entries)
        .extracting(HistoryEntry::change)
        .containsExactly(Change.ASSIGNED, Change.UNREADABLE, Change.UNREADABLE);
    assertThat(entries.get(1).pod()).isEqualTo("apps/x");
    assertThat(entries.get(1).detail()).startsWith("offset 1 of partition 0: malformed JSON");
    assertThat(entries.get(2).scaleSet()).isEqualTo("aks-pool1-vmss");
    assertThat(entries.get(2).detail()).contains("target");
  }

  @Test
  void theLedgerSaysWhatTheAssignerAddedAndRemovedAndTheIntentsBefore() {
    String other = DEMO_ID.replace("/demo", "/other");
    String ledger = Keys.ledger(POOL);
    Log log = new Log();
    log.demo("w", CREATED);
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(other), null));
    LedgerRecord intent =
        new LedgerRecord(
            1,
            POOL,
            List.of(other),
            new LedgerRecord.Intent("op-1", List.of(DEMO_ID), List.of(other)));
    log.add(Topics.LEDGER, ledger, intent);
    log.add(Topics.LEDGER, ledger, intent); // republished: no new entry
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(DEMO_ID), null));
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(DEMO_ID, other), null));
    log.add(Topics.LEDGER, ledger, null);

    assertThat(events(log.history().entries()))
        .containsExactly(
            "CREATED apps/w apps/demo binding demo-binding",
            "ADDED other owned at the earliest record kept",
            "INTENT-ADD apps/demo operation op-1",
            "INTENT-REMOVE other operation op-1",
            "ADDED apps/demo added by operation op-1",
            "REMOVED other removed by operation op-1",
            "ADDED other adopted: already on the scale set",
            "LEDGER-DELETED owned 2 identities before");
  }

  @Test
  void aWaitWrittenToTheLedgerIsNoOwnershipChange() {
    String ledger = Keys.ledger(POOL);
    LedgerRecord.Intent op = new LedgerRecord.Intent("op-1", List.of(DEMO_ID), List.of());
    LedgerRecord.Blocked wait =
        new LedgerRecord.Blocked(
            T0.plusSeconds(30), LedgerRecord.Cause.BACKOFF, "backing off after an unknown outcome");
    Log log = new Log();
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(), op));
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(), op, wait));
    log.add(Topics.LEDGER, ledger, new LedgerRecord(1, POOL, List.of(DEMO_ID), null));

    assertThat(events(log.history().entries()))
        .containsExactly("INTENT-ADD demo operation op-1", "ADDED demo added by operation op-1");
  }

  @Test
  void entriesOfBothTopicsAndAllPartitionsAreInTimeOrder() {
    LogRecord late =
        at(Topics.ASSIGNMENTS, 0, 5, key("late"), pod("late", identity("demo", CREATED, null)));
    LogRecord early =
        at(Topics.ASSIGNMENTS, 3, 1, key("early"), pod("early", identity("demo", CREATED, null)));
    LogRecord middle =
        at(
            Topics.LEDGER,
            0,
            3,
            Keys.ledger(POOL),
            new LedgerRecord(1, POOL, List.of(DEMO_ID), null));

    assertThat(History.of(List.of(middle), List.of(late, early)).entries())
        .extracting(e -> e.pod() + e.change().label())
        .containsExactly("apps/earlyCREATED", "ADDED", "apps/lateCREATED");
  }

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of(null, null, null, null, 6),
        Arguments.of("apps/web", null, null, null, 2),
        Arguments.of("apps/nobody", null, null, null, 0),
        Arguments.of(null, "apps/demo", null, null, 4),
        Arguments.of(null, "apps/other", null, null, 1),
        Arguments.of(null, null, "AKS-POOL1-VMSS", null, 5),
        Arguments.of(null, null, POOL.armId().toUpperCase(), null, 5),
        Arguments.of(null, null, "pool2", null, 1),
        Arguments.of(null, null, null, "2026-12-06T09:00:02Z", 4),
        Arguments.of(null, "apps/demo", "aks-pool1-vmss", "2026-12-06T09:00:02Z", 2));
  }

  @ParameterizedTest(name = "pod={0} identity={1} scale-set={2} since={3}")
  @MethodSource("filters")
  void theFlagsSelectEntries(
      String pod, String identity, String scaleSet, String since, int count) {
    ComputeTarget pool2 = ComputeTarget.scaleSet("sub", "rg", "pool2");
    Log log = new Log();
    log.demo("web", CREATED);
    log.demo("web", ASSIGNED);
    log.add(Topics.LEDGER, Keys.ledger(POOL), new LedgerRecord(1, POOL, List.of(DEMO_ID), null));
    log.add(Topics.LEDGER, Keys.ledger(POOL), new LedgerRecord(1, POOL, List.of(), null));
    log.add(
        Topics.ASSIGNMENTS,
        Keys.pod(pool2, "uid-api"),
        new AssignmentRecord(
            1,
            "uid-api",
            "apps",
            "api",
            "node-9",
            pool2,
            List.of(identity("other", AssignmentState.ASSIGNED, null))));
    log.add(Topics.ASSIGNMENTS, key("db"), null);

    HistoryFilter filter = HistoryFilter.parse(pod, identity, scaleSet, since, T0);

    assertThat(log.history().select(filter)).hasSize(count);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2h, 2026-12-06T07:00:00Z",
    "30m, 2026-12-06T08:30:00Z",
    "1h30m, 2026-12-06T07:30:00Z",
    "7d, 2026-11-29T09:00:00Z",
    "45s, 2026-12-06T08:59:15Z",
    "2026-12-05T09:00:00Z, 2026-12-05T09:00:00Z",
    "2026-12-05T10:00:00+01:00, 2026-12-05T09:00:00Z"
  })
  void sinceIsAnInstantOrADurationBackFromNow(String since, String expected) {
    assertThat(HistoryFilter.since(since, T0)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--since, yesterday",
    "--since, 2x",
    "--since, 2h-",
    "--since, 2026-12-05",
    "--pod, web",
    "--pod, apps/web/x",
    "--pod, /web",
    "--identity, demo",
    "--scale-set, ' '"
  })
  void aMalformedFlagIsRefusedWithItsName(String flag, String value) {
    assertThatThrownBy(
            () ->
                HistoryFilter.parse(
                    flag.equals("--pod") ? value : null,
                    flag.equals("--identity") ? value : null,
                    flag.equals("--scale-set") ? value : null,
                    flag.equals("--since") ? value : null,
                    T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(flag + " must be");
  }
}
