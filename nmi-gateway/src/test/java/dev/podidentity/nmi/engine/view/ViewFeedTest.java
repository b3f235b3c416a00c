package dev.podidentity.nmi.engine.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Event;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.authorization.View;
import dev.podidentity.events.kafka.InputRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The feed's reading of pods and assignments by their node header: other nodes' records are not
 * parsed, records without the header (older producers) are parsed and sorted as before, and a pod
 * that leaves this node leaves its view either way.
 */
class ViewFeedTest {
  private static final String NODE = "node-a";
  private static final String OTHER = "node-b";
  private static final ComputeTarget TARGET = ComputeTarget.scaleSet("sub", "rg", "vmss-a");
  private static final byte[] NOT_JSON = "not json".getBytes(StandardCharsets.UTF_8);

  private final ViewHolder holder = new ViewHolder(NODE);
  private final AtomicInteger rejected = new AtomicInteger();
  private final Map<String, Long> offsets = new HashMap<>();
  private final SetEnds control = new SetEnds(System::currentTimeMillis);
  private final Map<String, Long> ends = control.ends;
  private ViewFeed feed;

  @BeforeEach
  void start() {
    feed = control.started(holder);
  }

  @Test
  void recordsNamingAnotherNodeAreSkippedWithoutBeingParsed() {
    feed(
        record(Topics.PODS, key("u1"), NOT_JSON, OTHER),
        record(Topics.ASSIGNMENTS, key("u1"), NOT_JSON, OTHER));

    assertThat(rejected).hasValue(0);
    assertThat(view().podsByUid()).isEmpty();
    assertThat(view().assignmentsByPodUid()).isEmpty();
  }

  @Test
  void recordsWithoutTheHeaderAreParsedAndSortedByTheirNode() {
    feed(
        record(Topics.PODS, key("mine"), json(pod("mine", NODE)), null),
        record(Topics.PODS, key("theirs"), json(pod("theirs", OTHER)), null),
        record(Topics.ASSIGNMENTS, key("mine"), json(assignment("mine", NODE)), null),
        record(Topics.ASSIGNMENTS, key("theirs"), json(assignment("theirs", OTHER)), null),
        record(Topics.PODS, key("broken"), NOT_JSON, null));

    assertThat(view().podsByUid()).containsOnlyKeys("mine");
    assertThat(view().assignmentsByPodUid()).containsOnlyKeys("mine");
    assertThat(rejected).as("unparseable without a header: dead-lettered").hasValue(1);
  }

  @Test
  void recordsNamingThisNodeAreParsed() {
    feed(
        record(Topics.PODS, key("u2"), json(pod("u2", NODE)), NODE),
        record(Topics.ASSIGNMENTS, key("u2"), json(assignment("u2", NODE)), NODE));

    assertThat(view().podsByUid()).containsOnlyKeys("u2");
    assertThat(view().assignmentsByPodUid()).containsOnlyKeys("u2");
  }

  @Test
  void aPodWhoseNextRecordNamesAnotherNodeLeavesThisNodesView() {
    feed(
        record(Topics.PODS, key("u3"), json(pod("u3", NODE)), NODE),
        record(Topics.ASSIGNMENTS, key("u3"), json(assignment("u3", NODE)), NODE));

    feed(
        record(Topics.PODS, key("u3"), json(pod("u3", OTHER)), OTHER),
        record(Topics.ASSIGNMENTS, key("u3"), json(assignment("u3", OTHER)), OTHER));

    assertThat(view().podsByUid()).isEmpty();
    assertThat(view().assignmentsByPodUid()).isEmpty();
  }

  @Test
  void aPodWhoseNextRecordFromAnOlderProducerNamesAnotherNodeLeavesThisNodesView() {
    feed(record(Topics.PODS, key("u4"), json(pod("u4", NODE)), NODE));

    feed(record(Topics.PODS, key("u4"), json(pod("u4", OTHER)), null));

    assertThat(view().podsByUid()).isEmpty();
  }

  @Test
  void aTombstoneRemovesThePod() {
    feed(record(Topics.PODS, key("u5"), json(pod("u5", NODE)), NODE));

    feed(record(Topics.PODS, key("u5"), null, null));

    assertThat(view().podsByUid()).isEmpty();
  }

  @Test
  void skippedRecordsCountTowardsTheReplay() {
    ends.put(Topics.PODS, 1L); // one record on the topic, of another node
    ViewHolder replaying = new ViewHolder(NODE);
    ViewFeed restarted = control.started(replaying);
    assertThat(replaying.current().replayed()).isFalse();

    restarted
        .onRecords(List.of(record(Topics.PODS, key("u6"), NOT_JSON, OTHER)))
        .await()
        .indefinitely();

    assertThat(replaying.current().replayed()).isTrue();
  }

  @Test
  void aReplayPublishesItsEndNotEachBatch() {
    ends.put(Topics.PODS, 2L);
    ends.put(Topics.ASSIGNMENTS, 1L);
    ViewHolder replaying = new ViewHolder(NODE);
    ViewFeed restarted = control.started(replaying);
    View before = replaying.current();

    restarted
        .onRecords(
            List.of(
                record(Topics.PODS, key("u7"), json(pod("u7", NODE)), NODE),
                record(Topics.ASSIGNMENTS, key("u7"), json(assignment("u7", NODE)), NODE)))
        .await()
        .indefinitely();

    assertThat(replaying.current()).as("mid-replay: nothing published").isSameAs(before);
    assertThat(restarted.assigned("u7")).as("the feed's own state has it").isTrue();

    restarted
        .onRecords(List.of(record(Topics.PODS, key("u8"), json(pod("u8", NODE)), NODE)))
        .await()
        .indefinitely();

    assertThat(replaying.current().replayed()).isTrue();
    assertThat(replaying.current().podsByUid()).containsOnlyKeys("u7", "u8");
    assertThat(replaying.current().assignmentsByPodUid()).containsOnlyKeys("u7");
  }

  private View view() {
    return holder.current();
  }

  private void feed(InputRecord... records) {
    feed.onRecords(List.of(records)).await().indefinitely();
  }

  private InputRecord record(String topic, String key, byte[] value, String node) {
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    return new InputRecord(topic, 0, offset, key, value, node, e -> rejected.incrementAndGet());
  }

  private static String key(String uid) {
    return Keys.pod(TARGET, uid);
  }

  private static byte[] json(Event event) {
    return EventJson.toBytes(event);
  }

  private static PodRecord pod(String uid, String node) {
    return new PodRecord(
        1,
        uid,
        "default",
        "pod-" + uid,
        node,
        TARGET,
        List.of("10.0.0." + Math.abs(uid.hashCode() % 250)),
        PodPhase.RUNNING,
        false,
        false,
        Map.of(),
        "1");
  }

  private static AssignmentRecord assignment(String uid, String node) {
    return new AssignmentRecord(1, uid, "default", "pod-" + uid, node, TARGET, List.of());
  }
}
