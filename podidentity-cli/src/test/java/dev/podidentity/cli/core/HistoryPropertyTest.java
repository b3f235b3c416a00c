package dev.podidentity.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.cli.core.HistoryEntry.Change;
import dev.podidentity.events.AssignedIdentity;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.AssignmentState;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.IdentityType;
import dev.podidentity.events.Keys;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random sequences of assignment and ledger records (republished values, tombstones, unreadable
 * values included): the history never shows an identity on a pod after its removal unless it is
 * re-added, replaying its entries gives what the last records say, and republishing changes
 * nothing.
 */
class HistoryPropertyTest {
  private static final List<ComputeTarget> TARGETS =
      List.of(
          ComputeTarget.scaleSet("sub", "rg", "pool-a"),
          ComputeTarget.scaleSet("sub", "rg", "pool-b"));
  private static final List<String> IDENTITIES = List.of("a", "b", "c");
  private static final List<String> PODS = List.of("p0", "p1", "p2", "p3");

  static LongStream seeds() {
    return LongStream.range(0, 100);
  }

  /** The records of one random run, and what the last readable record of each key says. */
  private static final class Run {
    final Random random;
    final List<LogRecord> ledger = new ArrayList<>();
    final List<LogRecord> assignments = new ArrayList<>();
    final Map<String, AssignmentRecord> lastPod = new HashMap<>();
    final Map<String, LedgerRecord> lastLedger = new HashMap<>();
    final Map<String, Long> offsets = new HashMap<>();
    long clock = 1_000_000;

    Run(long seed) {
      this.random = new Random(seed);
    }

    void add(String topic, int partition, String key, byte[] value, boolean twice) {
      clock += random.nextInt(3) * 500L;
      for (int i = 0; i < (twice ? 2 : 1); i++) {
        long offset = offsets.merge(topic + partition, 1L, Long::sum);
        (topic.equals(Topics.LEDGER) ? ledger : assignments)
            .add(new LogRecord(topic, partition, offset, clock, key, value, Map.of()));
      }
    }

    void step(boolean twice) {
      int pod = random.nextInt(PODS.size());
      ComputeTarget target = TARGETS.get(pod % 2);
      String uid = "uid-" + PODS.get(pod);
      String podKey = Keys.pod(target, uid);
      String ledgerKey = Keys.ledger(target);
      int action = random.nextInt(14);
      if (action <= 5 || (action == 6 && lastPod.get(podKey) == null)) {
        AssignmentRecord r = assignment(target, uid, PODS.get(pod));
        lastPod.put(podKey, r);
        add(Topics.ASSIGNMENTS, pod % 2, podKey, EventJson.toBytes(r), twice);
      } else if (action == 6) {
        add(Topics.ASSIGNMENTS, pod % 2, podKey, EventJson.toBytes(lastPod.get(podKey)), twice);
      } else if (action == 7) {
        lastPod.put(podKey, null);
        add(Topics.ASSIGNMENTS, pod % 2, podKey, null, twice);
      } else if (action == 8) {
        add(Topics.ASSIGNMENTS, pod % 2, podKey, garbage(), twice);
      } else if (action <= 11) {
        LedgerRecord r = new LedgerRecord(1, target, ids(), intent());
        lastLedger.put(ledgerKey, r);
        add(Topics.LEDGER, 0, ledgerKey, EventJson.toBytes(r), twice);
      } else if (action == 12) {
        lastLedger.put(ledgerKey, null);
        add(Topics.LEDGER, 0, ledgerKey, null, twice);
      } else {
        add(Topics.LEDGER, 0, ledgerKey, garbage(), twice);
      }
    }

    private AssignmentRecord assignment(ComputeTarget target, String uid, String name) {
      List<AssignedIdentity> identities = new ArrayList<>();
      for (String i : IDENTITIES) {
        if (random.nextBoolean()) {
          AssignmentState state = AssignmentState.values()[random.nextInt(3)];
          String reason = state == AssignmentState.FAILED ? "reason " + random.nextInt(2) : null;
          identities.add(
              new AssignedIdentity(
                  "ns",
                  i,
                  i + "-binding",
                  IdentityType.USER_ASSIGNED_MSI,
                  resourceId(i),
                  null,
                  null,
                  state,
                  reason));
        }
      }
      return new AssignmentRecord(1, uid, "ns", name, "node", target, identities);
    }

    private List<String> ids() {
      return IDENTITIES.stream().filter(i -> random.nextBoolean()).map(Run::resourceId).toList();
    }

    private LedgerRecord.Intent intent() {
      return random.nextBoolean()
          ? null
          : new LedgerRecord.Intent("op" + random.nextInt(3), ids(), ids());
    }

    private byte[] garbage() {
      return ("{\"schemaVersion\":" + random.nextInt(9)).getBytes(StandardCharsets.UTF_8);
    }

    static String resourceId(String identity) {
      return "/subscriptions/sub/resourcegroups/ids/providers/microsoft.managedidentity/"
          + "userassignedidentities/"
          + identity;
    }
  }

  private static List<HistoryEntry> entries(Run run) {
    return History.of(run.ledger, run.assignments).entries();
  }

  private static Run run(long seed, boolean twice) {
    Run run = new Run(seed);
    for (int i = 0; i < 60; i++) {
      run.step(twice);
    }
    return run;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void anIdentityIsNeverOnAPodAfterItsRemovalUnlessReAdded(long seed) {
    Map<String, HistoryEntry> lastOfPair = new HashMap<>();
    HistoryEntry previous = null;
    for (HistoryEntry e : entries(run(seed, false))) {
      if (previous != null) {
        assertThat(e.time()).isAfterOrEqualTo(previous.time());
      }
      previous = e;
      if (e.topic().equals(Topics.LEDGER) || e.identity().isEmpty()) {
        continue;
      }
      HistoryEntry before = lastOfPair.put(e.podUid() + " " + e.identity(), e);
      if (e.change() == Change.UNASSIGNED) {
        assertThat(before).as("removed only what the pod held: %s", e).isNotNull();
        assertThat(before.change()).as("removed once: %s", e).isNotEqualTo(Change.UNASSIGNED);
      } else if (e.change() != Change.UNREADABLE && before != null) {
        assertThat(before.change() + before.detail())
            .as("only changes are entries: %s", e)
            .isNotEqualTo(e.change() + e.detail());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replayingTheEntriesGivesWhatTheLastRecordsSay(long seed) {
    Run run = run(seed, false);
    List<HistoryEntry> entries = entries(run);

    Map<String, String> held = new TreeMap<>();
    Map<String, Set<String>> owned = new TreeMap<>();
    for (HistoryEntry e : entries) {
      String pair = e.podUid() + " " + e.identity();
      switch (e.change()) {
        case CREATED, ASSIGNED, FAILED -> held.put(pair, e.change().name());
        case UNASSIGNED -> held.remove(pair);
        case ADDED -> owned.computeIfAbsent(e.target(), t -> new TreeSet<>()).add(e.resourceId());
        case REMOVED -> owned.get(e.target()).remove(e.resourceId());
        case LEDGER_DELETED -> owned.remove(e.target());
        default -> {}
      }
    }
    owned.values().removeIf(Set::isEmpty);

    Map<String, String> expectedHeld = new TreeMap<>();
    run.lastPod.values().stream()
        .filter(r -> r != null)
        .forEach(
            r ->
                r.identities()
                    .forEach(
                        i ->
                            expectedHeld.put(
                                r.podUid() + " ns/" + i.identityName(), i.state().name())));
    Map<String, Set<String>> expectedOwned = new TreeMap<>();
    run.lastLedger.values().stream()
        .filter(r -> r != null && !r.owned().isEmpty())
        .forEach(r -> expectedOwned.put(r.target().armId(), new TreeSet<>(r.owned())));
    assertThat(held).isEqualTo(expectedHeld);
    assertThat(owned).isEqualTo(expectedOwned);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void republishingEveryRecordAddsNoEntry(long seed) {
    List<String> once = readable(run(seed, false));
    List<String> twice = readable(run(seed, true));

    assertThat(twice).isEqualTo(once);
  }

  private static List<String> readable(Run run) {
    return entries(run).stream()
        .filter(e -> e.change() != Change.UNREADABLE)
        .map(e -> e.timeText() + e.change() + e.target() + e.podUid() + e.identity() + e.detail())
        .toList();
  }
}
