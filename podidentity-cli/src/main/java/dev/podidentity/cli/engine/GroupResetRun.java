package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.GroupReset;
import dev.podidentity.cli.port.ConsumerGroups;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** {@code replay --reset}: describe the group, refuse or reset, and say what changed. */
final class GroupResetRun {
  private final CommandLine commandLine;
  private final ConsumerGroups groups;
  private final Output.Format format;

  GroupResetRun(CommandLine commandLine, ConsumerGroups groups, Output.Format format) {
    this.commandLine = commandLine;
    this.groups = groups;
    this.format = format;
  }

  int run(String group, List<String> topics, boolean dryRun) {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    GroupReset.Plan plan = GroupReset.plan(groups.describe(group, topics));
    if (plan.refused()) {
      err.println(
          "error: consumer group "
              + group
              + " has "
              + plan.refusedFor().size()
              + " active member(s): scale the assigner to 0 first"
              + " (kubectl scale deployment/podidentity-assigner --replicas=0), then reset");
      GroupReset.membersTable(plan.refusedFor()).lines().forEach(err::println);
      err.flush();
      return ExitCodes.FAILURE;
    }
    if (!dryRun && !plan.changes().isEmpty()) {
      groups.commit(group, plan.changes());
    }
    if (format != Output.Format.table) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("group", group);
      doc.put("dryRun", dryRun);
      doc.put("changes", plan.changes());
      ReplayCommand.document(out, format, doc);
    } else if (plan.changes().isEmpty()) {
      out.println(
          "consumer group "
              + group
              + " has no committed offset past the beginning of "
              + String.join(", ", topics)
              + ": nothing to reset (the assigner replays from the beginning whenever it gains"
              + " partitions)");
    } else {
      ReplayCommand.print(out, GroupReset.changesTable(plan.changes()));
      out.println(
          dryRun
              ? "dry run: nothing changed"
              : "consumer group " + group + " reset to the beginning");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
