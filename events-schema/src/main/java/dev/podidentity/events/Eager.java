package dev.podidentity.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Eager assignment, the one copy of its rule: an AzureIdentityBinding annotated {@value
 * #ANNOTATION} keeps its identity on the scale sets of the chosen node pools before any pod asks,
 * so a pod scheduled there gets its first token without waiting for ARM.
 *
 * <p>The annotation's value is {@code "true"} (every node pool), {@code "false"} (never, even when
 * the assigner's default is eager), or node pool names separated by commas (a scale set is chosen
 * when one of its nodes carries one of them in {@value #POOL_LABEL}). A binding without the
 * annotation follows the assigner's default. The binding record carries the normalised value.
 */
public final class Eager {
  public static final String ANNOTATION = "podidentity.k8s.io/eager";

  /** AKS's node pool label; {@value #LEGACY_POOL_LABEL} on clusters created before it. */
  public static final String POOL_LABEL = "kubernetes.azure.com/agentpool";

  public static final String LEGACY_POOL_LABEL = "agentpool";

  public static final String ALL = "true";
  public static final String NONE = "false";

  /** A Kubernetes label value, which is what a pool name is on the node. */
  private static final Pattern POOL = Pattern.compile("[a-z0-9]([-_.a-z0-9]{0,61}[a-z0-9])?");

  private Eager() {}

  /**
   * The annotation's value as the binding record carries it: {@code null} when absent (the default
   * applies), {@value #ALL}, {@value #NONE}, or the pool names lowercased, sorted and distinct.
   *
   * @throws IllegalArgumentException naming what is wrong with the value
   */
  public static String normalise(String annotation) {
    if (annotation == null) {
      return null;
    }
    String value = annotation.trim().toLowerCase(Locale.ROOT);
    if (value.equals(ALL) || value.equals(NONE)) {
      return value;
    }
    Set<String> pools = new TreeSet<>();
    for (String part : value.split(",", -1)) {
      String pool = part.trim();
      if (!POOL.matcher(pool).matches()) {
        throw new IllegalArgumentException(
            "annotation "
                + ANNOTATION
                + ": '"
                + annotation
                + "' is not true, false or a comma-separated list of node pool names");
      }
      pools.add(pool);
    }
    return String.join(",", pools);
  }

  /**
   * Whether a binding with this normalised value keeps its identity on a scale set whose nodes are
   * in {@code pools} (empty when no node says its pool).
   *
   * @param byDefault the assigner's default for bindings without the annotation
   */
  public static boolean applies(String eager, boolean byDefault, Set<String> pools) {
    if (eager == null) {
      return byDefault;
    }
    if (eager.equals(ALL)) {
      return true;
    }
    if (eager.equals(NONE)) {
      return false;
    }
    return Arrays.stream(eager.split(",")).anyMatch(pools::contains);
  }
}
