package dev.podidentity.watcher.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.podidentity.events.Event;
import dev.podidentity.events.HeartbeatRecord;
import dev.podidentity.events.Topics;
import dev.podidentity.watcher.adapter.local.SoleLeadership;
import dev.podidentity.watcher.core.ClusterChange;
import dev.podidentity.watcher.core.ClusterSnapshot;
import dev.podidentity.watcher.core.IdentityInput;
import dev.podidentity.watcher.core.NodeInput;
import dev.podidentity.watcher.core.ObjectRef;
import dev.podidentity.watcher.core.Publication;
import dev.podidentity.watcher.core.Warning;
import dev.podidentity.watcher.port.ClusterSource;
import dev.podidentity.watcher.port.EventPublisher;
import dev.podidentity.watcher.port.Leadership;
import dev.podidentity.watcher.port.TopicContents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with in-memory ports: ordering of lead, resync, failures and warnings. */
class WatcherTest {
  private final FakeCluster cluster = new FakeCluster();
  private final FakeBroker broker = new FakeBroker();
  private final List<Warning> warnings = new CopyOnWriteArrayList<>();
  private final WatcherMetrics metrics = new WatcherMetrics(new SimpleMeterRegistry());
  private final ExecutorService scheduler = Executors.newFixedThreadPool(2);
  private Watcher watcher;
  private Duration heartbeats = Duration.ofHours(1); // beats are asked by the tests
  private Duration syncTimeout = Duration.ofSeconds(5);

  private Watcher start() {
    return start(new SoleLeadership());
  }

  private Watcher start(Leadership leadership) {
    watcher =
        new Watcher(
            cluster,
            broker,
            broker,
            warnings::add,
            leadership,
            metrics,
            new Watcher.Settings(
                "test", syncTimeout, Duration.ZERO, Duration.ofMillis(50), heartbeats),
            scheduler);
    watcher.start();
    return watcher;
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void leadsAfterReadingTheTopicsAndTombstonesWhatIsGone() {
    cluster.nodes = List.of(new NodeInput("n1", "kind://n1", "1"));
    broker.topics.put(
        Topics.NODES, new ConcurrentHashMap<>(Map.of("gone", Optional.<Event>empty())));

    start();

    await().until(() -> watcher.role() == Role.LEADER);
    await().until(() -> broker.sent.size() == 2);
    assertThat(broker.sent).extracting(Publication::key).containsExactly("n1", "gone");
    assertThat(broker.sent.get(1).tombstone()).isTrue();
  }

  @Test
  void retriesReadingTheTopicsAndPublishesNothingMeanwhile() {
    broker.failReads.set(true);
    cluster.nodes = List.of(new NodeInput("n1", "kind://n1", "1"));
    start();
    cluster.emit(r -> r.node(new NodeInput("n2", "kind://n2", "1")));
    assertThat(watcher.role()).isEqualTo(Role.SYNCING);
    assertThat(broker.sent).isEmpty();

    broker.failReads.set(false);

    await().until(() -> watcher.role() == Role.LEADER);
    assertThat(broker.sent).extracting(Publication::key).containsExactly("n1");
  }

  @Test
  void aFailedSendIsRepeatedOnTheNextIdenticalChange() {
    start();
    await().until(() -> watcher.role() == Role.LEADER);
    broker.failSends.set(true);
    NodeInput n = new NodeInput("n1", "kind://n1", "1");
    cluster.emit(r -> r.node(n));
    broker.failSends.set(false);

    await()
        .untilAsserted(
            () -> {
              cluster.emit(r -> r.node(n));
              assertThat(broker.acked).extracting(Publication::key).contains("n1");
            });
  }

  @Test
  void aHeartbeatWaitsUntilEveryEarlierRecordIsAcknowledged() {
    start();
    await().until(() -> watcher.role() == Role.LEADER);
    watcher.beat(); // the watches seen connected once: the next beat may vouch
    CompletableFuture<Void> broker = this.broker.hold();
    long before = System.currentTimeMillis();
    cluster.emit(r -> r.node(new NodeInput("n1", "kind://n1", "1")));

    watcher.beat();
    assertThat(this.broker.heartbeats()).isEmpty();

    broker.complete(null);
    await().until(() -> this.broker.heartbeats().size() == 1);
    HeartbeatRecord beat = this.broker.heartbeats().get(0);
    assertThat(beat.asOfMillis()).isGreaterThanOrEqualTo(before);
    assertThat(beat.instance()).isEqualTo("test");
    assertThat(this.broker.acked.indexOf(this.broker.sent.get(0)))
        .as("the record is acknowledged before the heartbeat that vouches for it")
        .isLessThan(this.broker.acked.size() - 1);
  }

  @Test
  void noHeartbeatFromAFailedSendUntilAResyncHasSentItAgain() {
    start();
    await().until(() -> watcher.role() == Role.LEADER);
    broker.failSends.set(true);
    cluster.nodes = List.of(new NodeInput("n1", "kind://n1", "1"));
    cluster.emit(r -> r.node(cluster.nodes.get(0)));
    await().until(() -> metrics.failedTotal() >= 1);
    watcher.beat();
    assertThat(broker.heartbeats()).isEmpty();

    broker.failSends.set(false);

    // The resync after the failure (retry delay 50 ms) sends the record; then beats vouch again.
    await()
        .untilAsserted(
            () -> {
              watcher.beat();
              assertThat(broker.acked).extracting(Publication::key).contains("n1");
              assertThat(broker.heartbeats()).isNotEmpty();
            });
    assertThat(broker.acked.get(0).key()).isEqualTo("n1");
  }

  @Test
  void noHeartbeatWhileAWatchIsDisconnectedNorAtTheFirstBeatAfterItIsBack() {
    start();
    await().until(() -> watcher.role() == Role.LEADER);
    watcher.beat();
    cluster.watching = false; // an API server restart: what changes now is not seen

    watcher.beat();
    cluster.watching = true;
    watcher.beat(); // reconnected: the informers may still be handing over what they missed
    assertThat(broker.heartbeats()).isEmpty();

    watcher.beat();
    await().until(() -> broker.heartbeats().size() == 1);
  }

  @Test
  void aFollowerWritesNoHeartbeat() {
    start(
        new Leadership() {
          @Override
          public void start(Listener listener) {}

          @Override
          public void stop() {}
        });

    watcher.beat();

    assertThat(watcher.role()).isEqualTo(Role.FOLLOWER);
    assertThat(broker.sent).isEmpty();
  }

  @Test
  void theLeaderBeatsEveryInterval() {
    heartbeats = Duration.ofMillis(20);
    start();

    await().until(() -> broker.heartbeats().size() >= 3);
    List<HeartbeatRecord> beats = broker.heartbeats();
    assertThat(beats).extracting(HeartbeatRecord::asOfMillis).isSortedAccordingTo(Long::compare);
  }

  @Test
  void invalidIdentityIsRecordedAsAWarning() {
    start();
    await().until(() -> watcher.role() == Role.LEADER);
    ObjectRef ref = new ObjectRef("AzureIdentity", "ns", "bad", "u");

    cluster.emit(r -> r.identity(IdentityInput.unreadable(ref, "1", "broken spec")));

    await().until(() -> warnings.size() == 1);
    assertThat(warnings.get(0).reason()).isEqualTo(Warning.INVALID_IDENTITY);
  }

  @Test
  void startFailsClearlyWhenTheClusterCannotBeListed() {
    cluster.listing = CompletableFuture.failedFuture(new IllegalStateException("403 Forbidden"));

    assertThatThrownBy(this::start)
        .hasMessage("the cluster could not be listed")
        .hasRootCauseMessage("403 Forbidden");
  }

  @Test
  void startGivesUpWhenTheListsOutlastTheSyncTimeout() {
    cluster.listing = new CompletableFuture<>(); // never answers
    syncTimeout = Duration.ofMillis(100);

    assertThatThrownBy(this::start).hasMessage("the cluster could not be listed within PT0.1S");
    assertThat(cluster.stopped).isTrue();
  }

  /** A cluster whose snapshot tests set and whose changes tests emit. */
  static final class FakeCluster implements ClusterSource {
    volatile List<NodeInput> nodes = List.of();
    CompletableFuture<Void> listing = CompletableFuture.completedFuture(null);
    private Consumer<ClusterChange> changes;

    @Override
    public CompletionStage<Void> start(Consumer<ClusterChange> changes) {
      this.changes = changes;
      return listing;
    }

    void emit(ClusterChange change) {
      changes.accept(change);
    }

    @Override
    public ClusterSnapshot snapshot() {
      return new ClusterSnapshot(nodes, List.of(), List.of(), List.of(), List.of());
    }

    volatile boolean watching = true;

    @Override
    public boolean running() {
      return true;
    }

    @Override
    public boolean watching() {
      return watching;
    }

    volatile boolean stopped;

    @Override
    public void stop() {
      stopped = true;
    }
  }

  /** Topics in memory, with switches to fail reads and sends. */
  static final class FakeBroker implements EventPublisher, TopicContents {
    final Map<String, Map<String, Optional<Event>>> topics = new ConcurrentHashMap<>();
    final List<Publication> sent = new CopyOnWriteArrayList<>();
    final List<Publication> acked = new CopyOnWriteArrayList<>();
    final AtomicBoolean failReads = new AtomicBoolean();
    final AtomicBoolean failSends = new AtomicBoolean();
    private volatile CompletableFuture<Void> held = CompletableFuture.completedFuture(null);

    /** Holds every acknowledgement until the answer completes. */
    CompletableFuture<Void> hold() {
      held = new CompletableFuture<>();
      return held;
    }

    List<HeartbeatRecord> heartbeats() {
      return acked.stream()
          .filter(p -> p.topic().equals(Topics.HEARTBEATS))
          .map(p -> (HeartbeatRecord) p.value())
          .toList();
    }

    @Override
    public CompletionStage<Void> send(Publication p) {
      sent.add(p);
      if (failSends.get()) {
        return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
      }
      return held.thenRun(() -> acked.add(p));
    }

    @Override
    public Map<String, Optional<Event>> latest(String topic) {
      if (failReads.get()) {
        throw new IllegalStateException("broker unreachable");
      }
      return topics.getOrDefault(topic, Map.of());
    }
  }
}
