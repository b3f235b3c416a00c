package dev.podidentity.watcher.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one step of the {@link Reconciler} decided: records to send and updates suppressed. */
public final class SyncResult {
  private final List<Publication> publications = new ArrayList<>();
  private final Map<RecordKind, Integer> suppressed = new EnumMap<>(RecordKind.class);
  private final List<Warning> warnings = new ArrayList<>();

  void publish(Publication p) {
    publications.add(p);
  }

  void suppress(RecordKind kind) {
    suppressed.merge(kind, 1, Integer::sum);
  }

  void warn(Warning w) {
    if (w != null) {
      warnings.add(w);
    }
  }

  /** Kubernetes Warning Events to record, for invalid objects whose projection was published. */
  public List<Warning> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public List<Publication> publications() {
    return Collections.unmodifiableList(publications);
  }

  /** Updates that changed nothing that matters, per kind. */
  public Map<RecordKind, Integer> suppressed() {
    return Collections.unmodifiableMap(suppressed);
  }

  public boolean isEmpty() {
    return publications.isEmpty() && suppressed.isEmpty() && warnings.isEmpty();
  }

  @Override
  public String toString() {
    return "SyncResult[publications="
        + publications
        + ", suppressed="
        + suppressed
        + ", warnings="
        + warnings
        + "]";
  }
}
