package dev.podidentity.assigner.engine;

import dev.podidentity.assigner.core.CloudFailure;
import dev.podidentity.assigner.core.CloudIdentity;
import dev.podidentity.assigner.core.Delta;
import dev.podidentity.assigner.port.CloudException;
import dev.podidentity.assigner.port.CloudPort;
import dev.podidentity.events.ComputeTarget;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one in-memory cloud of the assigner's tests: stateful, with fault injection, asserted by
 * resulting state. It also watches the invariants a real cloud can't: never two requests in flight
 * for one target, and never a request over the identity limit.
 */
public final class FakeCloud implements CloudPort {
  private final Map<ComputeTarget, Map<String, CloudIdentity>> targets = new ConcurrentHashMap<>();
  private final Set<String> existing = ConcurrentHashMap.newKeySet();

  /** As ARM does: a refusal names the first identity that does not exist, not all of them. */
  volatile boolean namesOneRefusal;

  private final Map<ComputeTarget, Queue<CloudException>> faults = new ConcurrentHashMap<>();
  private final Map<ComputeTarget, Runnable> during = new ConcurrentHashMap<>();
  private final Map<ComputeTarget, Runnable> duringRead = new ConcurrentHashMap<>();
  private final Map<ComputeTarget, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger maxInFlightPerTarget = new AtomicInteger();
  private final Map<ComputeTarget, AtomicInteger> patches = new ConcurrentHashMap<>();
  private final Map<ComputeTarget, AtomicInteger> gets = new ConcurrentHashMap<>();
  private final List<Delta> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Consumer<ComputeTarget> beforePatch = t -> {};

  /** Makes identities exist in the subscription (an unknown one is refused on add). */
  public void create(String... resourceIds) {
    existing.addAll(List.of(resourceIds));
  }

  /** Puts identities on a target directly, as a person or another tool would. */
  public void put(ComputeTarget target, CloudIdentity... identities) {
    Map<String, CloudIdentity> on = on(target);
    for (CloudIdentity i : identities) {
      existing.add(i.resourceId());
      on.put(i.resourceId(), i);
    }
  }

  /** Removes identities from a target behind the assigner's back. */
  public void remove(ComputeTarget target, String resourceId) {
    on(target).remove(resourceId);
  }

  public Set<String> identitiesOn(ComputeTarget target) {
    return Set.copyOf(on(target).keySet());
  }

  /** The next update of the target fails with this. */
  public void failNext(ComputeTarget target, CloudException e) {
    faults.computeIfAbsent(target, t -> new ArrayDeque<>()).add(e);
  }

  /**
   * Runs {@code meanwhile} inside the next PATCH of {@code target}, before it takes effect: what
   * happens while an operation is in flight.
   */
  public void whilePatching(ComputeTarget target, Runnable meanwhile) {
    during.put(target, meanwhile);
  }

  /** Runs {@code meanwhile} inside the next GET of {@code target}: what happens during a read. */
  public void whileReading(ComputeTarget target, Runnable meanwhile) {
    duringRead.put(target, meanwhile);
  }

  /** Called before every update is applied (to check the ledger intent was written first). */
  public void beforePatch(Consumer<ComputeTarget> check) {
    this.beforePatch = check;
  }

  public int patches(ComputeTarget target) {
    return patches.computeIfAbsent(target, t -> new AtomicInteger()).get();
  }

  public int gets(ComputeTarget target) {
    return gets.computeIfAbsent(target, t -> new AtomicInteger()).get();
  }

  public List<Delta> requests() {
    return List.copyOf(requests);
  }

  public int maxConcurrentRequestsPerTarget() {
    return maxInFlightPerTarget.get();
  }

  @Override
  public Map<String, CloudIdentity> identities(ComputeTarget target) {
    gets.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
    Runnable meanwhile = duringRead.remove(target);
    if (meanwhile != null) {
      meanwhile.run();
    }
    return Map.copyOf(on(target));
  }

  /** Reads of identities (a refused identity before its retry), in order. */
  final List<String> identityReads = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public boolean identityExists(String resourceId) {
    identityReads.add(resourceId);
    return existing.contains(resourceId);
  }

  @Override
  public Map<String, CloudIdentity> update(ComputeTarget target, Delta delta) {
    AtomicInteger n = inFlight.computeIfAbsent(target, t -> new AtomicInteger());
    maxInFlightPerTarget.accumulateAndGet(n.incrementAndGet(), Math::max);
    try {
      beforePatch.accept(target);
      Runnable meanwhile = during.remove(target);
      if (meanwhile != null) {
        meanwhile.run();
      }
      patches.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
      requests.add(delta);
      if (delta.size() > Delta.MAX_IDENTITIES_PER_REQUEST) {
        throw CloudException.of(CloudFailure.TRANSIENT, "over the request limit");
      }
      Queue<CloudException> queued = faults.get(target);
      CloudException fault = queued == null ? null : queued.poll();
      if (fault != null) {
        throw fault;
      }
      Map<String, String> rejected = new HashMap<>();
      for (String id : new java.util.TreeSet<>(delta.add())) {
        if (!existing.contains(id) && (rejected.isEmpty() || !namesOneRefusal)) {
          rejected.put(id, "FailedIdentityOperation: identity " + id + " does not exist");
        }
      }
      if (!rejected.isEmpty()) {
        throw new CloudException(
            CloudFailure.IDENTITY_REJECTED, "FailedIdentityOperation", null, rejected, null);
      }
      Map<String, CloudIdentity> on = on(target);
      Set<String> added = new HashSet<>(delta.add());
      for (String id : added) {
        String name = id.substring(id.lastIndexOf('/') + 1);
        on.put(id, new CloudIdentity(id, "client-" + name, "principal-" + name));
      }
      delta.remove().forEach(on::remove);
      return Map.copyOf(on);
    } finally {
      n.decrementAndGet();
    }
  }

  private Map<String, CloudIdentity> on(ComputeTarget target) {
    return targets.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
  }
}
