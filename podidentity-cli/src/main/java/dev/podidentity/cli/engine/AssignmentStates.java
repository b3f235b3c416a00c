package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.AssignmentSummary;
import dev.podidentity.cli.core.AssignmentSummary.IdentityRef;
import dev.podidentity.cli.core.AssignmentSummary.OnTarget;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.AssignmentRecord;
import dev.podidentity.events.Event;
import dev.podidentity.events.LedgerRecord;
import dev.podidentity.events.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The assignment state for {@code identity list}, where it is optional: the cluster's listing is
 * the answer, the state from Kafka adds to it. So it is read within a bound of its own (shorter
 * than a whole-topic read may take), and when it cannot be had the command says why in one line on
 * stderr and lists without it.
 */
final class AssignmentStates {
  static final String TIMEOUT_KEY = "podidentity.kafka.assignment-state-timeout";

  private AssignmentStates() {}

  /** The summary, or empty after one line on {@code err} saying why it is unavailable. */
  static Optional<Map<IdentityRef, List<OnTarget>>> read(
      EventLog log, Duration timeout, Map<IdentityRef, String> resourceIds, PrintWriter err) {
    ExecutorService reader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "assignment-state");
              t.setDaemon(true);
              return t;
            });
    Future<Map<IdentityRef, List<OnTarget>>> read =
        reader.submit(() -> summary(log, resourceIds, err));
    try {
      return Optional.of(read.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return unavailable(
          err, "no answer from Kafka within " + text(timeout) + " (" + TIMEOUT_KEY + ")");
    } catch (ExecutionException e) {
      return unavailable(err, reason(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable(err, "interrupted");
    } finally {
      // Interrupts a read still under way: the Kafka consumer gives up and closes.
      reader.shutdownNow();
    }
  }

  private static Map<IdentityRef, List<OnTarget>> summary(
      EventLog log, Map<IdentityRef, String> resourceIds, PrintWriter err) {
    ProgressLine progress = new ProgressLine(err);
    int[] unreadable = {0};
    List<AssignmentRecord> assignments =
        values(log.latest(Topics.ASSIGNMENTS, progress), AssignmentRecord.class, unreadable);
    List<LedgerRecord> ledgers =
        values(log.latest(Topics.LEDGER, progress), LedgerRecord.class, unreadable);
    if (unreadable[0] > 0) {
      err.println(
          "assignment state: " + unreadable[0] + " record(s) could not be read and are left out");
      err.flush();
    }
    return AssignmentSummary.of(assignments, ledgers, resourceIds, Instant.now());
  }

  private static <T extends Event> List<T> values(
      Map<String, Optional<Event>> latest, Class<T> type, int[] unreadable) {
    List<T> out = new ArrayList<>(latest.size());
    for (Optional<Event> e : latest.values()) {
      if (e.isPresent() && type.isInstance(e.get())) {
        out.add(type.cast(e.get()));
      } else {
        unreadable[0]++;
      }
    }
    return out;
  }

  private static Optional<Map<IdentityRef, List<OnTarget>>> unavailable(
      PrintWriter err, String reason) {
    err.println("assignment state unavailable: " + reason);
    err.flush();
    return Optional.empty();
  }

  /** The failure's message, with its root cause's when that says more (the Kafka client's do). */
  static String reason(Throwable failure) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure || root.getMessage() == null || message.contains(root.getMessage())
        ? message
        : message + " (" + root.getMessage() + ")";
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
