package dev.podidentity.watcher.core;

import static dev.podidentity.watcher.core.Fixtures.deleting;
import static dev.podidentity.watcher.core.Fixtures.node;
import static dev.podidentity.watcher.core.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podidentity.events.ConfigRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.Keys;
import dev.podidentity.events.PodRecord;
import dev.podidentity.events.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  private final Reconciler reconciler = new Reconciler();

  private static ClusterSnapshot cluster(List<NodeInput> nodes, List<PodInput> pods) {
    return new ClusterSnapshot(nodes, pods, List.of(), List.of(), List.of());
  }

  private SyncResult leadOnEmptyTopics(ClusterSnapshot cluster) {
    return reconciler.lead(cluster, Map.of());
  }

  private static List<String> keys(SyncResult r) {
    return r.publications().stream().map(p -> (p.tombstone() ? "-" : "+") + p.key()).toList();
  }

  @Test
  void followerDecidesNothing() {
    assertThat(reconciler.node(node("n1")).isEmpty()).isTrue();
    assertThat(reconciler.pod(pod("u1", "n1", "10.0.0.1", "Running", "1")).isEmpty()).isTrue();
  }

  @Test
  void leaderPublishesTheWholeClusterOnEmptyTopics() {
    SyncResult r =
        leadOnEmptyTopics(
            cluster(List.of(node("n1")), List.of(pod("u1", "n1", "10.0.0.1", "Running", "1"))));

    assertThat(r.publications()).hasSize(2);
    assertThat(r.publications().get(1).value()).isInstanceOf(PodRecord.class);
  }

  @Test
  void leaderTombstonesKeysOfObjectsDeletedWhileNobodyWatched() {
    NodeInput n1 = node("n1");
    PodInput kept = pod("u1", "n1", "10.0.0.1", "Running", "1");
    PodInput gone = pod("u2", "n1", "10.0.0.2", "Running", "1");
    ClusterSnapshot before = cluster(List.of(n1), List.of(kept, gone));
    Map<String, Map<String, Optional<Event>>> topics = topicsHolding(before);

    SyncResult r = reconciler.lead(cluster(List.of(n1), List.of(kept)), topics);

    PodRecord gonePod = Projections.pod(gone, Projections.node(n1));
    assertThat(keys(r)).containsExactly("-" + Keys.of(gonePod));
  }

  @Test
  void unreadableValuesAreRepublishedOrTombstoned() {
    NodeInput n1 = node("n1");
    Map<String, Map<String, Optional<Event>>> topics = new HashMap<>();
    topics.put(Topics.NODES, Map.of("n1", Optional.empty(), "n2", Optional.empty()));

    SyncResult r = reconciler.lead(cluster(List.of(n1), List.of()), topics);

    assertThat(keys(r)).containsExactly("+n1", "-n2");
  }

  @Test
  void replayingTheSameClusterPublishesNothing() {
    ClusterSnapshot c =
        cluster(List.of(node("n1")), List.of(pod("u1", "n1", "10.0.0.1", "Running", "1")));

    assertThat(reconciler.lead(c, topicsHolding(c)).publications()).isEmpty();
    assertThat(reconciler.resync(c).publications()).isEmpty();
  }

  @Test
  void podIsPublishedWhenScheduledAndAgainWhenItGetsItsIp() {
    leadOnEmptyTopics(cluster(List.of(node("n1")), List.of()));

    assertThat(reconciler.pod(pod("u1", null, null, null, "1")).publications()).isEmpty();
    assertThat(reconciler.pod(pod("u1", "n1", null, "Pending", "2")).publications()).hasSize(1);
    assertThat(reconciler.pod(pod("u1", "n1", "10.0.0.1", "Pending", "3")).publications())
        .hasSize(1);
    assertThat(reconciler.pod(pod("u1", "n1", "10.0.0.1", "Running", "4")).publications())
        .hasSize(1);
  }

  @Test
  void thousandStatusOnlyUpdatesPublishNothing() {
    leadOnEmptyTopics(
        cluster(List.of(node("n1")), List.of(pod("u1", "n1", "10.0.0.1", "Running", "1"))));
    int published = 0;
    int suppressed = 0;

    for (int i = 2; i < 1002; i++) {
      SyncResult r = reconciler.pod(pod("u1", "n1", "10.0.0.1", "Running", Integer.toString(i)));
      published += r.publications().size();
      suppressed += r.suppressed().getOrDefault(RecordKind.POD, 0);
    }

    assertThat(published).isZero();
    assertThat(suppressed).isEqualTo(1000);
  }

  @Test
  void podOfAnUnknownNodeMovesToItsTargetKeyWhenTheNodeAppears() {
    leadOnEmptyTopics(cluster(List.of(), List.of()));
    PodInput p = pod("u1", "n1", "10.0.0.1", "Running", "1");
    String unmanagedKey = Keys.podOnUnmanagedNode("n1", "u1");
    assertThat(keys(reconciler.pod(p))).containsExactly("+" + unmanagedKey);

    SyncResult r = reconciler.node(node("n1"));

    String targetKey = Keys.pod(Projections.node(node("n1")).target(), "u1");
    assertThat(keys(r)).containsExactly("+n1", "+" + targetKey, "-" + unmanagedKey);
  }

  @Test
  void deletingPodIsPublishedAsDeletingThenTombstoned() {
    PodInput p = pod("u1", "n1", "10.0.0.1", "Running", "1");
    leadOnEmptyTopics(cluster(List.of(node("n1")), List.of(p)));

    SyncResult marked = reconciler.pod(deleting(p));
    SyncResult deleted = reconciler.podDeleted("u1");

    assertThat(((PodRecord) marked.publications().get(0).value()).deleting()).isTrue();
    assertThat(deleted.publications()).singleElement().matches(Publication::tombstone);
    assertThat(reconciler.podDeleted("u1").publications()).isEmpty();
  }

  @Test
  void invalidIdentityWarnsOnceAndNotOnUnchangedUpdates() {
    leadOnEmptyTopics(ClusterSnapshot.empty());
    IdentityInput bad = Fixtures.identity("bad", "0", "/not/an/identity");

    SyncResult first = reconciler.identity(bad);
    SyncResult again = reconciler.identity(bad);

    assertThat(first.warnings())
        .singleElement()
        .extracting(Warning::reason)
        .isEqualTo(Warning.INVALID_IDENTITY);
    assertThat(again.warnings()).isEmpty();
    assertThat(again.suppressed()).containsEntry(RecordKind.IDENTITY, 1);
  }

  @Test
  void configDeletionIsATombstoneOfItsKindKey() {
    leadOnEmptyTopics(ClusterSnapshot.empty());
    reconciler.binding(Fixtures.binding("b", "demo", "sel"));

    SyncResult r = reconciler.configDeleted(ConfigRecord.AZURE_IDENTITY_BINDING, "default", "b");

    assertThat(keys(r)).containsExactly("-AzureIdentityBinding/default/b");
    assertThat(r.publications().get(0).kind()).isEqualTo(RecordKind.BINDING);
  }

  @Test
  void unreadableExceptionIsWithdrawnAndWarned() {
    leadOnEmptyTopics(ClusterSnapshot.empty());
    reconciler.exception(Fixtures.exception("x", Map.of("app", "probe")));
    ExceptionInput broken =
        new ExceptionInput(Fixtures.ref("AzurePodIdentityException", "x"), Map.of(), "2", "bad");

    SyncResult r = reconciler.exception(broken);

    assertThat(keys(r)).containsExactly("-AzurePodIdentityException/default/x");
    assertThat(r.warnings()).extracting(Warning::reason).contains(Warning.INVALID_EXCEPTION);
  }

  @Test
  void aFailedSendIsSentAgainOnTheNextIdenticalUpdate() {
    PodInput p = pod("u1", "n1", "10.0.0.1", "Running", "1");
    leadOnEmptyTopics(cluster(List.of(node("n1")), List.of(p)));
    String key = Keys.pod(Projections.node(node("n1")).target(), "u1");

    reconciler.sendFailed(Topics.PODS, key);

    assertThat(keys(reconciler.pod(p))).containsExactly("+" + key);
  }

  @Test
  void losingTheLeadForgetsTheTopicsSoTheNextLeadRereadsThem() {
    ClusterSnapshot c = cluster(List.of(node("n1")), List.of());
    leadOnEmptyTopics(c);

    reconciler.follow();

    assertThat(reconciler.leading()).isFalse();
    assertThat(reconciler.publishedKeys(Topics.NODES)).isZero();
    assertThat(reconciler.lead(c, Map.of()).publications()).hasSize(1);
  }

  /** What the topics would hold after a leader published {@code cluster}. */
  private static Map<String, Map<String, Optional<Event>>> topicsHolding(ClusterSnapshot cluster) {
    Reconciler other = new Reconciler();
    Map<String, Map<String, Optional<Event>>> topics = new HashMap<>();
    for (Publication p : other.lead(cluster, Map.of()).publications()) {
      topics.computeIfAbsent(p.topic(), t -> new HashMap<>()).put(p.key(), Optional.of(p.value()));
    }
    return topics;
  }
}
