package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.DeadLetter;
import dev.podidentity.cli.core.DeadLetterQuery;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.OutgoingRecord;
import dev.podidentity.cli.core.Reprocessing;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.cli.port.RecordWriter;
import dev.podidentity.events.Topics;
import dev.podidentity.events.kafka.DeadLetters;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podidentity deadletter list|show|reprocess}: the records the services could not handle,
 * kept on the dead-letter topic with the reason, and sending them back once the cause is fixed.
 */
@Command(
    name = "deadletter",
    mixinStandardHelpOptions = true,
    description = {
      "Records the services could not handle, kept on " + Topics.DEADLETTER + " for 14 days.",
      "A dead letter's ID is its offset on that topic (deadletter list shows them)."
    },
    subcommands = {
      DeadletterCommand.ListLetters.class,
      DeadletterCommand.Show.class,
      DeadletterCommand.Reprocess.class
    })
public class DeadletterCommand {
  /**
   * The contract's dead-letter headers. The connector writes more than the contract names ({@code
   * dead-letter-cause}, {@code dead-letter-cause-class-name}), all under one prefix.
   */
  public static final DeadLetter.Names NAMES =
      new DeadLetter.Names(
          DeadLetters.REASON,
          DeadLetters.EXCEPTION,
          DeadLetters.TOPIC,
          DeadLetters.PARTITION,
          DeadLetters.OFFSET,
          DeadLetters.SERVICE,
          "dead-letter-");

  /** Topics a dead letter may come from: the contract's, never the dead-letter topic. */
  static final Set<String> TOPICS = topics();

  /**
   * Topics a dead letter may be sent back to: not the heartbeats', a moment rather than state (a
   * late heartbeat written again would vouch for nothing new).
   */
  static final Set<String> REPROCESSABLE =
      TOPICS.stream()
          .filter(t -> !t.equals(Topics.HEARTBEATS))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** {@code --since}, {@code --topic}, {@code --service}: which dead letters. */
  static class Filters {
    @Option(
        names = "--since",
        description = "Only those written since: an age (90s, 15m, 2h, 7d) or an instant.")
    String since;

    @Option(
        names = "--topic",
        description = "Only those read from this topic (or pods, config...).")
    String topic;

    @Option(names = "--service", description = "Only those this service gave up on.")
    String service;

    boolean any() {
      return since != null || topic != null || service != null;
    }

    DeadLetterQuery query() {
      return new DeadLetterQuery(
          DeadLetterQuery.since(since, Instant.now()),
          DeadLetterQuery.topic(topic, List.copyOf(TOPICS)),
          service);
    }
  }

  /** What every subcommand shares: the event log, the output, reading the dead letters. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Inject EventLog log;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    List<DeadLetter> all() {
      List<DeadLetter> all = new ArrayList<>();
      for (LogRecord r :
          log.records(Topics.DEADLETTER, new ProgressLine(spec.commandLine().getErr()))) {
        all.add(DeadLetter.of(r, DeadLetterViews.NAMES));
      }
      return all;
    }

    /** The dead letters {@code ids} name; null (and a not-found line) when some are not there. */
    List<DeadLetter> named(List<String> ids) {
      List<String> canonical = DeadLetterQuery.ids(ids);
      try {
        return DeadLetterQuery.byIds(canonical, all());
      } catch (NoSuchElementException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return null;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List dead letters, oldest first.",
      footer = ExitCodes.HELP)
  static class ListLetters extends Base {
    @Mixin Filters filters;
    @Mixin Output output;

    @Override
    public Integer call() {
      DeadLetterQuery query = filters.query();
      List<DeadLetter> letters = query.select(all());
      output.print(
          out(),
          letters.stream().map(DeadLetterViews::object).toList(),
          DeadLetterQuery.table(letters));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a dead letter: where it was read, why, its headers and its value.",
      footer = ExitCodes.HELP)
  static class Show extends Base {
    @Mixin Output output;

    @Parameters(paramLabel = "ID", description = "The dead letter's id (deadletter list).")
    String id;

    @Override
    public Integer call() {
      List<DeadLetter> letters = named(List.of(id));
      if (letters == null) {
        return ExitCodes.NOT_FOUND;
      }
      DeadLetterViews.show(out(), output.format, letters.get(0));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "reprocess",
      mixinStandardHelpOptions = true,
      description = {
        "Send dead letters back to the topic they were read from (their original key, value and"
            + " CloudEvents headers, without the dead-letter ones), so the service that gave up"
            + " on them tries again: after a fix or an upgrade.",
        "Safe to repeat: events are state, keyed, and the services treat a replayed record as a"
            + " no-op, so a service that had handled it sees nothing change. A dead letter whose"
            + " key has been written since (a newer state or a deletion) is skipped as superseded:"
            + " sending it would bring the old state back. Only the contract's topics are written."
      },
      footer = ExitCodes.HELP + "  (1 also when a dead letter was refused: see its line)%n")
  static class Reprocess extends Base {
    @Inject RecordWriter writer;
    @Mixin Filters filters;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Dead letters to send back.")
    List<String> ids = List.of();

    @Option(names = "--all", description = "Every dead letter (that the filters pass).")
    boolean all;

    @Option(names = "--dry-run", description = "Say what would be sent; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      if (all == !ids.isEmpty()) {
        throw new IllegalArgumentException("name dead letters by ID, or give --all (not both)");
      }
      if (!all && filters.any()) {
        throw new IllegalArgumentException("--since, --topic and --service go with --all");
      }
      List<DeadLetter> letters = all ? filters.query().select(all()) : named(ids);
      if (letters == null) {
        return ExitCodes.NOT_FOUND;
      }
      List<Reprocessing.Step> steps =
          Reprocessing.plan(letters, REPROCESSABLE, latest(letters), DeadLetterViews.NAMES);
      List<OutgoingRecord> records = new ArrayList<>();
      for (Reprocessing.Step s : steps) {
        if (s instanceof Reprocessing.Retry r) {
          records.add(r.record());
        }
      }
      List<LogRecord> written = dryRun ? List.of() : writer.write(records);
      return DeadLetterViews.report(out(), steps, written, dryRun);
    }

    /** The latest record per key of the topics the dead letters came from. */
    private Map<String, Map<String, LogRecord>> latest(List<DeadLetter> letters) {
      Set<String> topics = new LinkedHashSet<>();
      letters.forEach(d -> topics.add(d.originalTopic()));
      topics.retainAll(REPROCESSABLE);
      Map<String, Map<String, LogRecord>> latest = new LinkedHashMap<>();
      ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
      for (String topic : topics) {
        latest.put(topic, Reprocessing.latestByKey(log.records(topic, progress)));
      }
      return latest;
    }
  }

  private static Set<String> topics() {
    Set<String> topics = new LinkedHashSet<>();
    Topics.ALL.forEach(t -> topics.add(t.name()));
    topics.remove(Topics.DEADLETTER);
    return java.util.Collections.unmodifiableSet(topics);
  }
}
