package dev.podidentity.nmi.engine.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.EventJson;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodPhase;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.events.authorization.Authorizer;
import dev.podidentity.events.authorization.Decision;
import dev.podidentity.events.authorization.Policy;
import dev.podidentity.events.authorization.TokenRequest;
import dev.podidentity.events.kafka.InputRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How current the feed says its view is, on virtual time: as of the watcher's newest heartbeat
 * below the end offsets reached, never later. The case the chaos run found: a pod deleted and its
 * IP given to a new pod while nothing reached this node (broker down, or the watcher silent); the
 * old pod must not be served for that IP once the bound has passed.
 */
class ViewCurrencyTest {
  private static final String NODE = "node-a";
  private static final ComputeTarget TARGET = ComputeTarget.scaleSet("sub", "rg", "vmss-a");
  private static final Policy POLICY = new Policy(false, false, 5_000);
  private static final TopicPartition BEATS = new TopicPartition(Topics.HEARTBEATS, 0);
  private static final TopicPartition PODS = new TopicPartition(Topics.PODS, 0);

  private final ViewHolder holder = new ViewHolder(NODE);
  private final SetEnds control = new SetEnds(() -> this.now);
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private long now = 1_000_000;
  private ViewFeed feed;

  @BeforeEach
  void start() {
    feed = control.started(holder);
  }

  @Test
  void withoutAnyHeartbeatTheReplayedViewDecidesNothing() {
    feed(pod("u1", "10.0.0.1"));
    confirm();

    assertThat(holder.current().replayed()).isTrue();
    assertThat(decide("10.0.0.1")).isInstanceOf(Decision.Stale.class);
    assertThat(feed.problem()).contains("no heartbeat from the watcher");
  }

  @Test
  void theViewIsCurrentAsOfTheNewestHeartbeatNotAsOfTheEndOffsets() {
    feed(pod("u1", "10.0.0.1"), beat(now - 800));
    now += 100;
    confirm();

    assertThat(holder.current().confirmedAtMillis()).isEqualTo(now - 900);
    assertThat(decide("10.0.0.1")).isNotInstanceOf(Decision.Stale.class);
  }

  @Test
  void aSilentWatcherLetsTheViewGoStaleThoughTheBrokerStillAnswers() {
    feed(pod("u1", "10.0.0.1"), beat(now));
    confirm();
    // The watcher stops: the broker keeps answering end offsets, nothing new arrives. Meanwhile
    // the cluster deletes u1 and gives 10.0.0.1 to another pod; neither change reaches the node.
    for (int second = 1; second <= 6; second++) {
      now += 1_000;
      confirm();
    }

    Decision d = decide("10.0.0.1");

    assertThat(d)
        .as("not u1's grant: the view may be 6 s behind")
        .isInstanceOf(Decision.Stale.class);
    assertThat(((Decision.Stale) d).detail()).contains("watcher's newest heartbeat");
    assertThat(feed.problem()).contains("the watcher's newest heartbeat is as of");

    feed(beat(now)); // the watcher is back (its records first, then its heartbeat)
    confirm();
    assertThat(decide("10.0.0.1")).isNotInstanceOf(Decision.Stale.class);
  }

  @Test
  void aHeartbeatWrittenAfterTheEndOffsetsWereTakenDoesNotVouchForThem() {
    feed(beat(now - 2_000));
    confirm();
    long old = holder.current().confirmedAtMillis();
    feed.confirm().await().indefinitely(); // end offsets taken: the goal is the old heartbeat
    feed(beat(now)); // a newer heartbeat arrives with the goal still to reach
    feed(pod("u1", "10.0.0.1"));

    assertThat(holder.current().confirmedAtMillis()).isEqualTo(old);
  }

  private Decision decide(String ip) {
    return Authorizer.decide(
        holder.current(),
        new TokenRequest(ip, "https://vault.azure.net", null, null, null),
        POLICY,
        now);
  }

  /** Takes end offsets now; the feed reaches them with what it has been fed. */
  private void confirm() {
    feed.confirm().await().indefinitely();
  }

  private void feed(InputRecord... records) {
    feed.onRecords(List.of(records)).await().indefinitely();
  }

  private InputRecord beat(long asOf) {
    return record(BEATS, HeartbeatRecord.KEY, EventJson.toBytes(HeartbeatRecord.of("w", asOf)));
  }

  private InputRecord pod(String uid, String ip) {
    PodRecord pod =
        new PodRecord(
            1,
            uid,
            "default",
            "pod-" + uid,
            NODE,
            TARGET,
            List.of(ip),
            PodPhase.RUNNING,
            false,
            false,
            Map.of(),
            "1");
    return record(PODS, Keys.pod(TARGET, uid), EventJson.toBytes(pod));
  }

  private InputRecord record(TopicPartition tp, String key, byte[] value) {
    long offset = next.merge(tp, 1L, Long::sum) - 1;
    control.ends.put(tp.topic(), offset + 1);
    return new InputRecord(tp.topic(), 0, offset, key, value, NODE, e -> {});
  }
}
