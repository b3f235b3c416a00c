package dev.podidentity.azuresim.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The faults in force. Each request asks once which apply to it; counted faults are used up by the
 * requests they hit.
 */
public final class Faults {

  /**
   * What to do to one request: extra latency, and at most one disruptive fault.
   *
   * @param holdMs for a HANG, how long to hold the request: until the hang's duration, counted from
   *     its injection, is over (so no hang outlives its place in a schedule); -1 until cleared
   */
  public record Plan(long latencyMs, Optional<Fault> disruption, long holdMs) {}

  private final List<Slot> slots = new ArrayList<>();

  /** How to let go of each request a HANG holds: an outage ends for them too when it is cleared. */
  private final List<Runnable> hung = new ArrayList<>();

  private final LongSupplier nanoTime;

  private static final class Slot {
    final Fault fault;
    int remaining;

    /** When a HANG with a duration ends (nanoTime); Long.MAX_VALUE for any other fault. */
    final long endsAtNanos;

    Slot(Fault fault, long now) {
      this.fault = fault;
      this.remaining = fault.count() == null || fault.count() <= 0 ? -1 : fault.count();
      this.endsAtNanos =
          fault.kind() == Fault.Kind.HANG && fault.latencyMs() != null && fault.latencyMs() > 0
              ? now + fault.latencyMs() * 1_000_000
              : Long.MAX_VALUE;
    }
  }

  public Faults() {
    this(System::nanoTime);
  }

  Faults(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  public synchronized void add(Fault fault) {
    if (fault.kind() == null) {
      throw new IllegalArgumentException("fault kind is required");
    }
    slots.add(new Slot(fault, nanoTime.getAsLong()));
  }

  /**
   * Clears every fault. Requests a HANG still holds are let go as that HANG says (their stream
   * reset, or answered with its status), as a load balancer drops them when an outage ends:
   * otherwise a client would wait out its own timeout and retry after the outage is over.
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

  /**
   * Holds a request for a HANG until the faults are cleared or the answer is run, whichever comes
   * first: {@code letGo} runs once either way.
   *
   * @return what lets go of it now (for a HANG that ends with its own duration)
   */
  public Runnable hang(Runnable letGo) {
    AtomicBoolean done = new AtomicBoolean();
    Runnable[] self = new Runnable[1];
    self[0] =
        () -> {
          if (done.compareAndSet(false, true)) {
            synchronized (this) {
              hung.remove(self[0]);
            }
            letGo.run();
          }
        };
    synchronized (this) {
      hung.add(self[0]);
    }
    return self[0];
  }

  public synchronized List<Fault> list() {
    return slots.stream().map(s -> s.fault).toList();
  }

  /** Decides the faults for one request and uses up counted ones. */
  public synchronized Plan plan(String area, String target, String operation) {
    long now = nanoTime.getAsLong();
    // A HANG whose duration is over is over, even if no request came to use it up.
    slots.removeIf(s -> s.endsAtNanos <= now);
    long latency = 0;
    Slot disruption = null;
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
        disruption = s;
        used.add(s);
      }
    }
    for (Slot s : used) {
      if (s.remaining > 0 && --s.remaining == 0) {
        slots.remove(s);
      }
    }
    if (disruption == null) {
      return new Plan(latency, Optional.empty(), -1);
    }
    long hold =
        disruption.endsAtNanos == Long.MAX_VALUE
            ? -1
            : Math.max(1, (disruption.endsAtNanos - now) / 1_000_000);
    return new Plan(latency, Optional.of(disruption.fault), hold);
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
