package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.CloudIdentity;
import dev.podidentity.assigner.core.Lingering;
import dev.podidentity.assigner.core.Probation;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.flow.TokenBucket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Everything the reconciler keeps for one target it owns. Scheduling fields are guarded by the
 * object's monitor; the rest is touched only by the single run in flight for the target.
 */
final class TargetWork {
  final ComputeTarget target;
  final TokenBucket bucket;

  // Scheduling, under synchronized (this).
  boolean running;
  boolean dirty;
  ScheduledFuture<?> timer;
  long due;

  /**
   * The run in flight only publishes (see {@code Reconciler.publishSoon}): changes arriving
   * meanwhile are gathered for the next PATCH as on an idle target, not run at once.
   */
  boolean publishing;

  /** A publishing run is queued, or another is wanted after the one in flight. */
  boolean publishQueued;

  boolean publishAgain;

  /** When the last publishing run started, on the reconciler's clock (MIN_VALUE: never). */
  long publishedAt = Long.MIN_VALUE / 2;

  /** A publishing pass during the PATCH in flight is queued. */
  boolean publishDuringQueued;

  /**
   * While a PATCH is in flight: what it removes (an identity on its way out is no pod's). Read by
   * the passes that publish meanwhile; only the run writes them.
   */
  volatile boolean patching;

  volatile Set<String> removing = Set.of();

  /**
   * Serialises publishing for the target: each publish plans afresh under it, so a later publish
   * never works from an older plan than an earlier one (which would withdraw a pod it just showed).
   */
  final Object publishLock = new Object();

  /** Set when the target is released while its run is in flight: completed as that run ends. */
  CompletableFuture<Void> handedOver;

  /** When the pending batch of an idle target began (0: the pending timer is no batch). */
  long batchStart;

  /** Set from outside (drift repair, unknown outcome): read the cloud before the next decision. */
  volatile boolean refresh = true;

  // Owned by the run in flight. Read outside it: actual, to know whether the target was ever read
  // and by the publishing passes; ledger, by those passes (published records name what is owned).
  volatile Map<String, CloudIdentity> actual;
  volatile LedgerRecord ledger;
  boolean ledgerLoaded;

  /** Identities the cluster's objects claim on the target, adopted once the target is read. */
  final Set<String> claimed = new HashSet<>();

  int failures;

  /**
   * Until when (nanos) the cloud's Retry-After or a backoff holds the next PATCH, 0 for never: a
   * run woken early by new input may read and publish, but must not PATCH before it.
   */
  long holdUntil;

  /**
   * The hold is the backoff after a failure of unknown outcome: a fresh read of the target that
   * succeeds ends it, since the cloud answers again, so the first run after a storm of 5xx acts at
   * once instead of waiting out a backoff doubled through the storm. A Retry-After or a conflict
   * keeps its hold; the failure count is kept, so failures that go on still back off longer.
   */
  boolean holdEndsOnRead;

  /** Holds the next PATCH until {@code untilNanos} (0: no hold), see {@link #holdEndsOnRead}. */
  void hold(long untilNanos, boolean endsOnRead) {
    holdUntil = untilNanos;
    holdEndsOnRead = endsOnRead;
  }

  /** A fresh read of the target succeeded: a backoff after an unknown outcome ends. */
  void readSucceeded() {
    if (holdEndsOnRead) {
      hold(0, false);
    }
  }

  final Map<String, Quarantined> quarantine = new ConcurrentHashMap<>();
  Lingering lingering = Lingering.NONE;
  final Map<String, AssignmentRecord> published = new ConcurrentHashMap<>();
  final Map<String, Long> firstPlanned = new HashMap<>();

  /** An identity the cloud refused, kept out of PATCHes until {@code untilNanos}. */
  record Quarantined(String reason, long untilNanos) {}

  TargetWork(ComputeTarget target, TokenBucket bucket) {
    this.target = target;
    this.bucket = bucket;
  }

  /** Refused before, quarantine ended: tried in probation rounds ({@code core/Probation}). */
  final Set<String> refusedBefore = ConcurrentHashMap.newKeySet();

  /** Refused since the probation round under way began; owned by the run in flight. */
  final Set<String> refusedInRound = new HashSet<>();

  /** Refused-before identities read (and found) since their last refusal; owned by the run. */
  final Set<String> readSinceRefused = new HashSet<>();

  /** The cloud refused {@code id}: kept out of PATCHes and of the probation round under way. */
  void refused(String id, String reason, long untilNanos) {
    quarantine.put(id, new Quarantined(reason, untilNanos));
    refusedBefore.remove(id);
    refusedInRound.add(id);
    readSinceRefused.remove(id);
  }

  /** Nanos from {@code now} until the first quarantine ends, -1 when none is in force. */
  long quarantineEndsIn(long now) {
    return quarantine.values().stream()
        .mapToLong(q -> Math.max(0, q.untilNanos() - now))
        .min()
        .orElse(-1);
  }

  Map<String, String> quarantineReasons(long now) {
    long first = now + quarantineEndsIn(now);
    long endsBy = quarantine.isEmpty() ? now : Probation.quarantinesEndBy(now, first);
    quarantine
        .entrySet()
        .removeIf(
            e -> {
              boolean ended = e.getValue().untilNanos() <= endsBy;
              if (ended) {
                refusedBefore.add(e.getKey());
              }
              return ended;
            });
    Map<String, String> reasons = new HashMap<>();
    quarantine.forEach((id, q) -> reasons.put(id, q.reason()));
    return reasons;
  }
}
