package dev.podidentity.cli.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code deadletter reprocess} does with each dead letter: send its original key, value and
 * headers back to the topic it was read from, so the service that gave up on it tries again after a
 * fix, or leave it, saying why.
 *
 * <p>A retry writes the old record again as the newest of its key, and the topics are compacted: if
 * the key was written since (a newer state, or a tombstone for a deleted object), the retry would
 * bring the old state back, now and after every replay. So a dead letter whose record is no longer
 * its key's latest is <em>superseded</em> and left alone; that also makes reprocessing the same
 * dead letter twice write it once (the first retry is then the key's latest). Two dead letters of
 * one original record (config is read by two services) are one retry.
 */
public final class Reprocessing {
  private Reprocessing() {}

  /** One dead letter's outcome. */
  public sealed interface Step permits Retry, Skip {
    DeadLetter letter();
  }

  /** Write {@code record} back. */
  public record Retry(DeadLetter letter, OutgoingRecord record) implements Step {}

  /**
   * Leave it: {@code refused} when it can never be retried (not a state topic of the contract, no
   * key, no original position), else it needs no retry (superseded, or another id's record).
   */
  public record Skip(DeadLetter letter, String why, boolean refused) implements Step {}

  /**
   * @param letters the dead letters named, in order
   * @param topics the topics a retry may go to: the contract's, not the dead-letter topic
   * @param latest per original topic of {@code letters}: the latest record of each key (see {@link
   *     #latestByKey}); a topic missing here counts as empty
   */
  public static List<Step> plan(
      List<DeadLetter> letters,
      Set<String> topics,
      Map<String, Map<String, LogRecord>> latest,
      DeadLetter.Names names) {
    Map<String, String> retried = new HashMap<>();
    return letters.stream()
        .map(d -> step(d, topics, latest.getOrDefault(d.originalTopic(), Map.of()), names, retried))
        .toList();
  }

  private static Step step(
      DeadLetter d,
      Set<String> topics,
      Map<String, LogRecord> latest,
      DeadLetter.Names names,
      Map<String, String> retried) {
    if (!topics.contains(d.originalTopic())) {
      return new Skip(
          d,
          d.originalTopic().isEmpty()
              ? "refused: its headers do not say which topic it was read from"
              : "refused: " + d.originalTopic() + " is not a state topic of the contract",
          true);
    }
    if (d.key() == null) {
      return new Skip(d, "refused: it has no key (every record of the contract has one)", true);
    }
    if (d.originalPartition() < 0 || d.originalOffset() < 0) {
      return new Skip(
          d, "refused: its headers do not say where it was read, so it cannot be checked", true);
    }
    LogRecord last = latest.get(d.key());
    if (last == null) {
      return new Skip(
          d, "superseded: key " + d.key() + " is gone from " + d.originalTopic(), false);
    }
    if (last.partition() != d.originalPartition() || last.offset() != d.originalOffset()) {
      return new Skip(
          d,
          "superseded: key "
              + d.key()
              + " has a newer "
              + (last.tombstone() ? "tombstone" : "record")
              + " at "
              + last.topic()
              + "-"
              + last.partition()
              + "@"
              + last.offset(),
          false);
    }
    String first = retried.putIfAbsent(d.origin(), d.id());
    if (first != null) {
      return new Skip(d, "same record as dead letter " + first + ", retried once", false);
    }
    return new Retry(
        d, new OutgoingRecord(d.originalTopic(), d.key(), d.value(), d.originalHeaders(names)));
  }

  /** The latest record of each key, from a topic's records in partition and offset order. */
  public static Map<String, LogRecord> latestByKey(List<LogRecord> records) {
    Map<String, LogRecord> latest = new HashMap<>();
    for (LogRecord r : records) {
      if (r.key() != null) {
        latest.merge(r.key(), r, (a, b) -> b.offset() >= a.offset() ? b : a);
      }
    }
    return latest;
  }
}
