package dev.podidentity.cli.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.podidentity.cli.core.DeadLetter;
import dev.podidentity.cli.core.LogRecord;
import dev.podidentity.cli.core.Reprocessing;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the deadletter commands print a dead letter and what reprocessing did. */
final class DeadLetterViews {
  static final DeadLetter.Names NAMES = DeadletterCommand.NAMES;

  private DeadLetterViews() {}

  /** A dead letter for {@code -o json|yaml}: its value as JSON when it parses, else as shown. */
  static Map<String, Object> object(DeadLetter d) {
    Map<String, Object> original = new LinkedHashMap<>();
    original.put("topic", d.originalTopic());
    original.put("partition", d.originalPartition());
    original.put("offset", d.originalOffset());
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", d.id());
    o.put("partition", d.partition());
    o.put("offset", d.offset());
    o.put("time", d.time().toString());
    o.put("service", d.service());
    o.put("reason", d.reason());
    o.put("exceptionClass", d.exceptionClass());
    o.put("original", original);
    o.put("key", d.key());
    o.put("headers", d.originalHeaders(NAMES));
    o.put("valueBytes", d.value() == null ? 0 : d.value().length);
    o.put("value", json(d).map(v -> (Object) v).orElse(d.value() == null ? null : d.valueShown()));
    return o;
  }

  /** {@code deadletter show}: kubectl describe's layout, the value pretty-printed. */
  static void show(PrintWriter out, Output.Format format, DeadLetter d) {
    switch (format) {
      case json -> out.println(Serialization.asJson(object(d)));
      case yaml -> out.print(Serialization.asYaml(object(d)));
      default -> {
        line(out, "ID", d.id());
        line(out, "Time", d.time().toString());
        line(out, "Service", d.service());
        line(out, "Reason", d.reason());
        line(out, "Exception", d.exceptionClass());
        line(out, "Original", d.origin());
        line(out, "Key", d.key());
        out.println("Headers:");
        d.originalHeaders(NAMES).forEach((k, v) -> out.println("  " + k + ": " + v));
        line(out, "Value", d.value() == null ? "<tombstone>" : d.value().length + " bytes");
        String shown = json(d).map(DeadLetterViews::pretty).orElse(d.valueShown());
        shown.lines().forEach(l -> out.println("  " + l));
      }
    }
    out.flush();
  }

  /** Prints each dead letter's outcome; exit 1 when one was refused, else 0. */
  static int report(
      PrintWriter out, List<Reprocessing.Step> steps, List<LogRecord> written, boolean dryRun) {
    int next = 0;
    boolean refused = false;
    for (Reprocessing.Step s : steps) {
      DeadLetter d = s.letter();
      if (s instanceof Reprocessing.Retry) {
        String to = dryRun ? d.originalTopic() : position(written.get(next++));
        out.println(
            d.id()
                + (dryRun ? " would be reprocessed: " : " reprocessed: ")
                + d.origin()
                + " -> "
                + to
                + " (key "
                + d.key()
                + ")");
      } else {
        Reprocessing.Skip skip = (Reprocessing.Skip) s;
        refused |= skip.refused();
        out.println(d.id() + " skipped, " + skip.why());
      }
    }
    if (steps.isEmpty()) {
      out.println("No dead letters");
    }
    out.flush();
    return refused ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static String position(LogRecord r) {
    return r.topic() + "-" + r.partition() + "@" + r.offset();
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-11s %s%n", label + ":", value == null || value.isEmpty() ? "<none>" : value);
  }

  /** The value as a JSON tree when it is JSON text. */
  private static Optional<Object> json(DeadLetter d) {
    return d.valueText()
        .flatMap(
            text -> {
              try {
                return Optional.ofNullable(
                    Serialization.jsonMapper().readValue(text, Object.class));
              } catch (JsonProcessingException e) {
                return Optional.empty();
              }
            });
  }

  private static String pretty(Object tree) {
    try {
      return Serialization.jsonMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
