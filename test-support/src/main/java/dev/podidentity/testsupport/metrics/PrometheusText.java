package dev.podidentity.testsupport.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape read as Prometheus reads text format 0.0.4: each family's {@code # TYPE}, the label keys
 * of its samples (without {@code le}) and every sample's value. A line that is not a sample, or a
 * sample without its family's {@code # TYPE}, fails the test.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Each family: {@code "<type> [<label keys>]"}, e.g. {@code "counter [operation_type]"}. */
  public final Map<String, String> families = new LinkedHashMap<>();

  /** Each sample, as written ({@code name{labels}}), and its value. */
  public final Map<String, Double> samples = new LinkedHashMap<>();

  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, Set<String>> keys = new LinkedHashMap<>();

  public PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
        keys.put(parts[2], new TreeSet<>());
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      String family = familyOf(m.group(1));
      if (family == null) {
        throw new AssertionError("a sample without # TYPE: " + line);
      }
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          if (!l.group(1).equals("le")) {
            keys.get(family).add(l.group(1));
          }
        }
      }
      samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(m.group(3)));
    }
    types.forEach(
        (name, type) -> families.put(name, type + " [" + String.join(", ", keys.get(name)) + "]"));
  }

  private String familyOf(String sample) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if ("histogram".equals(types.get(base))) {
          return base;
        }
      }
    }
    return null;
  }

  /** The value of a sample ({@code name} or {@code name{labels}}), 0 when absent. */
  public double value(String sample) {
    return samples.getOrDefault(sample, 0.0);
  }
}
