package dev.podidentity.cli.core;

import dev.podidentity.events.BindingRecord;
import dev.podidentity.events.PodRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Likely typos between a pod and the bindings meant for it: a selector that differs from the pod's
 * {@code aadpodidbinding} label only by case or whitespace, or by at most two edits, and label keys
 * that look like {@code aadpodidbinding} but are not. aad-pod-identity compared selectors exactly
 * and said nothing, so these were its users' most common silent failure.
 */
public final class NearMatches {
  /** At most this many single-character edits make a "near" selector. */
  static final int MAX_EDITS = 2;

  private NearMatches() {}

  /** A binding whose selector nearly equals the pod's label, and how it differs. */
  public record Near(BindingRecord binding, String difference) {}

  /**
   * The valid bindings whose selector nearly (never exactly) equals {@code label}, in the order
   * given. Selectors shorter than three characters are left out: two edits turn any of them into
   * any other.
   */
  public static List<Near> selectors(String label, Collection<BindingRecord> bindings) {
    List<Near> out = new ArrayList<>();
    if (label == null) {
      return out;
    }
    for (BindingRecord b : bindings) {
      String selector = b.selector();
      if (!b.valid() || selector == null || selector.equals(label)) {
        continue;
      }
      String difference = difference(label, selector);
      if (difference != null) {
        out.add(new Near(b, difference));
      }
    }
    return out;
  }

  /** The pod's label keys that nearly spell {@code aadpodidbinding}, with their values. */
  public static List<String> labelKeys(Map<String, String> labels) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> l : labels.entrySet()) {
      if (!l.getKey().equals(PodRecord.BINDING_LABEL)
          && difference(PodRecord.BINDING_LABEL, l.getKey()) != null) {
        out.add(l.getKey() + "=" + l.getValue());
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /** How {@code b} differs from {@code a}, or null when it is not near. */
  static String difference(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return "differs only by case";
    }
    if (a.strip().equals(b.strip()) || a.replaceAll("\\s", "").equals(b.replaceAll("\\s", ""))) {
      return "differs only by whitespace";
    }
    if (a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT))) {
      return "differs only by case and whitespace";
    }
    if (Math.min(a.length(), b.length()) < 3) {
      return null;
    }
    int edits = edits(a, b, MAX_EDITS);
    return edits <= MAX_EDITS ? "is " + edits + (edits == 1 ? " edit" : " edits") + " away" : null;
  }

  /** Levenshtein distance, or {@code max + 1} as soon as it is known to exceed {@code max}. */
  static int edits(String a, String b, int max) {
    if (Math.abs(a.length() - b.length()) > max) {
      return max + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return Math.min(previous[b.length()], max + 1);
  }
}
