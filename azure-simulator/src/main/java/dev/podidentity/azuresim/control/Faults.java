package dev.podidentity.azuresim.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The faults in force. Each request asks once which apply to it; counted faults are used up by the
 * requests they hit.
 */
public final class Faults {

  /** What to do to one request: extra latency, and at most one disruptive fault. */
  public record Plan(long latencyMs, Optional<Fault> disruption) {}

  private final List<Slot> slots = new ArrayList<>();

  /** How to let go of each request a HANG holds: an outage ends for them too when it is cleared. */
  private final List<Runnable> hung = new ArrayList<>();

  private static final class Slot {
    final Fault fault;
    int remaining;

    Slot(Fault fault) {
      this.fault = fault;
      this.remaining = fault.count() == null || fault.count() <= 0 ? -1 : fault.count();
    }
  }

  public synchronized void add(Fault fault) {
    if (fault.kind() == null) {
      throw new IllegalArgumentException("fault kind is required");
    }
    slots.add(new Slot(fault));
  }

  /**
   * Clears every fault. Requests a HANG still holds are let go (their connection closed, as a load
   * balancer drops it when an outage ends): otherwise a client would wait out its own timeout and
   * retries after the outage is over.
   */
  public void clear() {
    List<Runnable> release;
    synchronized (this) {
      slots.clear();
      release = List.copyOf(hung);
      hung.clear();
    }
    release.forEach(Runnable::run);
  }

  /** Holds a request for a HANG; {@code release} lets go of it when the faults are cleared. */
  public synchronized void hang(Runnable release) {
    hung.add(release);
  }

  public synchronized List<Fault> list() {
    return slots.stream().map(s -> s.fault).toList();
  }

  /** Decides the faults for one request and uses up counted ones. */
  public synchronized Plan plan(String area, String target, String operation) {
    long latency = 0;
    Fault disruption = null;
    List<Slot> used = new ArrayList<>();
    for (Slot s : slots) {
      Fault f = s.fault;
      if (f.kind() == Fault.Kind.LINKED_AUTHORIZATION_FAILED
          || !matches(f, area, target, operation)) {
        continue;
      }
      if (f.kind() == Fault.Kind.LATENCY) {
        latency += f.latencyMs() == null ? 0 : f.latencyMs();
        used.add(s);
      } else if (disruption == null && (f.kind() != Fault.Kind.CONFLICT || isWrite(operation))) {
        disruption = f;
        used.add(s);
      }
    }
    for (Slot s : used) {
      if (s.remaining > 0 && --s.remaining == 0) {
        slots.remove(s);
      }
    }
    return new Plan(latency, Optional.ofNullable(disruption));
  }

  /** Identity ids (lowercased) whose assignment fails with LinkedAuthorizationFailed. */
  public synchronized Set<String> linkedAuthorizationFailures() {
    Set<String> ids = new HashSet<>();
    for (Slot s : slots) {
      if (s.fault.kind() == Fault.Kind.LINKED_AUTHORIZATION_FAILED
          && s.fault.identityId() != null) {
        ids.add(s.fault.identityId().toLowerCase(Locale.ROOT));
      }
    }
    return ids;
  }

  private static boolean isWrite(String op) {
    return "PATCH".equals(op) || "PUT".equals(op);
  }

  private static boolean matches(Fault f, String area, String target, String operation) {
    String fArea = f.area() == null ? "arm" : f.area();
    return fArea.equalsIgnoreCase(area)
        && (f.target() == null || "*".equals(f.target()) || f.target().equalsIgnoreCase(target))
        && (f.operation() == null || f.operation().equalsIgnoreCase(operation));
  }
}
