package dev.podidentity.cli.engine;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * The command run inside one booted application, as its main runs it: the application's own {@code
 * CommandLine} (its CDI-made subcommands and error handler), a fresh one per run, with the adapters
 * and configuration a launch has. A {@code @QuarkusMainTest} builds the application again for every
 * launch (6-9 s each, most of the module's test time); {@link PodIdentityCommandIT} keeps launches
 * through the main for what only the main does.
 */
@Singleton
class Commands {
  /** What a run printed and returned; output and errors are only the command's own lines. */
  record Run(int exitCode, String output, String errorOutput) {
    List<String> outputLines() {
      return output.lines().toList();
    }
  }

  @Inject Instance<CommandLine> commandLines;

  Run run(String... args) {
    CommandLine line = commandLines.get();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      line.setOut(new PrintWriter(out, true));
      line.setErr(new PrintWriter(err, true));
      int exitCode = line.execute(args);
      return new Run(exitCode, out.toString(), err.toString());
    } finally {
      commandLines.destroy(line);
    }
  }
}
