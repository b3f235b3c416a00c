package dev.podidentity.cli.engine;

import dev.podidentity.cli.core.Table;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code -o table|wide|json|yaml}, as kubectl's {@code -o}: the mixin every listing command takes.
 * As with kubectl, {@code wide} is the plain table where a listing has no more to show.
 */
public final class Output {
  /** The formats {@code -o} takes. */
  public enum Format {
    table,
    wide,
    json,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format = Format.table;

  /** Prints the objects as the table, or as kubectl prints a List in JSON or YAML. */
  void print(PrintWriter out, List<Map<String, Object>> objects, Table table) {
    print(out, objects, table, table);
  }

  /** As {@link #print(PrintWriter, List, Table)}, with the table {@code -o wide} prints. */
  void print(PrintWriter out, List<Map<String, Object>> objects, Table table, Table wide) {
    switch (format) {
      case json -> out.println(Serialization.asJson(list(objects)));
      case yaml -> out.print(Serialization.asYaml(list(objects)));
      default -> {
        Table shown = format == Format.wide ? wide : table;
        if (shown.isEmpty()) {
          out.println("No resources found");
        } else {
          shown.lines().forEach(out::println);
        }
      }
    }
    out.flush();
  }

  /** What a write did, as kubectl says it ({@code kind.group/name created}), or the objects. */
  void written(PrintWriter out, List<Map<String, Object>> objects, List<String> verbs) {
    if (format == Format.table || format == Format.wide) {
      for (int i = 0; i < objects.size(); i++) {
        out.println(ref(objects.get(i)) + " " + verbs.get(i));
      }
    } else {
      print(out, objects, new Table("NAME"));
    }
    out.flush();
  }

  @SuppressWarnings("unchecked")
  static String ref(Map<String, Object> object) {
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    return ((String) object.get("kind")).toLowerCase()
        + ".aadpodidentity.k8s.io/"
        + metadata.get("name");
  }

  private static Map<String, Object> list(List<Map<String, Object>> items) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", items);
    return list;
  }
}
