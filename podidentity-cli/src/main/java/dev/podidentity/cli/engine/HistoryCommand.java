package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.History;
import dev.podidentity.cli.core.HistoryEntry;
import dev.podidentity.cli.core.HistoryFilter;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.port.EventLog;
import dev.podidentity.events.Topics;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podidentity history}: who held which identity on which scale set when, from the
 * assignments and ledger topics (read once, to their ends).
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Who held which identity on which scale set when: each change of the assigner's",
      "assignments (per pod) and ledger (per scale set), oldest first. The topics keep every",
      "change for 7 days, then the latest record per key."
    },
    footer = ExitCodes.HELP)
public class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Inject EventLog log;
  @Mixin Output output;

  /** When a --since duration counts back from; tests fix it. */
  Supplier<Instant> now = Instant::now;

  @Option(names = "--pod", paramLabel = "NAMESPACE/NAME", description = "Only this pod.")
  String pod;

  @Option(
      names = "--identity",
      paramLabel = "NAMESPACE/NAME",
      description =
          "Only this AzureIdentity: its pods, and its resource id in the scale sets' ledgers.")
  String identity;

  @Option(
      names = "--scale-set",
      paramLabel = "ID|NAME",
      description = "Only this scale set (or VM): its ARM id or its name, in any case.")
  String scaleSet;

  @Option(
      names = "--since",
      paramLabel = "TIME|DURATION",
      description = "Only changes since an ISO instant (2026-12-06T09:00:00Z) or 30m, 2h, 7d ago.")
  String since;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant at = now.get();
    // Flags first: a typo fails at once, not after reading the topics.
    HistoryFilter filter = HistoryFilter.parse(pod, identity, scaleSet, since, at);
    ProgressLine progress = new ProgressLine(err);
    List<LogRecord> ledger = log.records(Topics.LEDGER, progress);
    List<LogRecord> assignments = log.records(Topics.ASSIGNMENTS, progress);
    List<HistoryEntry> entries = History.of(ledger, assignments).select(filter);
    if (entries.isEmpty()) {
      err.println(
          "No history found"
              + (pod == null && identity == null && scaleSet == null && since == null
                  ? ""
                  : " for these flags")
              + " (read "
              + ledger.size()
              + " ledger and "
              + assignments.size()
              + " assignment records)");
      err.flush();
      if (output.format == Output.Format.table) {
        return ExitCodes.OK;
      }
    }
    output.print(
        out, entries.stream().map(HistoryEntry::toMap).toList(), HistoryEntry.table(entries));
    if (!entries.isEmpty() && entries.get(0).time().isBefore(at.minus(Topics.HISTORY_WINDOW))) {
      err.println(
          "note: changes older than "
              + Topics.HISTORY_WINDOW.toDays()
              + " days may be missing: after that the topics keep only the latest record per key");
      err.flush();
    }
    return ExitCodes.OK;
  }
}
