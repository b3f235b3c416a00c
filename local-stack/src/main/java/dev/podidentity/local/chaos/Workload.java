package dev.podidentity.local.chaos;

import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.chaos.core.FreedIps;
import dev.podidentity.local.chaos.core.TokenOracle;
import dev.podidentity.local.chaos.core.WorkloadStep;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The churning cluster and its truth: identities with one binding each (selector {@code sel-<n>}),
 * pods labelled with a selector, moved by {@link WorkloadStep}s. Every change is told to the {@link
 * TokenOracle} around its API write (bound before the write, unbound after it is acknowledged), so
 * the oracle's windows hold whatever the services do.
 */
final class Workload {
  static final String NAMESPACE = "chaos";

  /** A pod of the workload; {@code selector} is its {@code aadpodidbinding} label. */
  record Pod(PodRef ref, String selector) {}

  private final LocalStack stack;
  private final TokenOracle oracle;
  private final Clock clock;
  private final List<SimIdentity> identities = new ArrayList<>();
  private final List<String> selectorOf = new ArrayList<>();
  private final List<Pod> live = new ArrayList<>();
  private final FreedIps freedIps = new FreedIps();
  private final Map<WorkloadStep, Integer> steps = new EnumMap<>(WorkloadStep.class);
  private final Set<String> invalid = new HashSet<>();
  private final AtomicInteger seq = new AtomicInteger();
  private int peak;

  /** Milliseconds since the run's start, shared by the oracle and every sampler. */
  interface Clock {
    long now();
  }

  Workload(LocalStack stack, TokenOracle oracle, Clock clock) {
    this.stack = stack;
    this.oracle = oracle;
    this.clock = clock;
  }

  /** Creates the identities and their bindings; {@code first} was on the scale set before us. */
  void setUp(SimIdentity first, int count) {
    for (int i = 0; i < count; i++) {
      SimIdentity identity = i == 0 ? first : stack.createIdentity("chaos-id-" + i);
      identities.add(identity);
      selectorOf.add("sel-" + i);
      stack.addPodIdentity(NAMESPACE, "id-" + i, identity, "sel-" + i);
    }
  }

  /** Makes one move; answers what it did. */
  WorkloadStep step(Random random, int target) {
    WorkloadStep step;
    synchronized (this) {
      step = WorkloadStep.next(random, live.size(), target, freedIps.reusable(clock.now()));
      if (live.isEmpty() && step != WorkloadStep.CREATE && step != WorkloadStep.REUSE_IP) {
        step = WorkloadStep.CREATE;
      }
    }
    switch (step) {
      case CREATE -> create(random, null);
      case REUSE_IP -> create(random, takeFreedIp());
      case DELETE -> delete(takeRandom(random), false);
      case FINISH -> delete(takeRandom(random), true);
      case RELABEL -> relabel(random);
      case REBIND -> rebind(random);
    }
    synchronized (this) {
      steps.merge(step, 1, Integer::sum);
    }
    return step;
  }

  private void create(Random random, String ip) {
    String selector = "sel-" + random.nextInt(identities.size());
    SimNode node = stack.nodes().get(random.nextInt(stack.nodes().size()));
    String name = "pod-" + seq.incrementAndGet();
    Map<String, String> labels = Map.of("aadpodidbinding", selector);
    long at = clock.now();
    // The uid is known only once created; binding from before the write keeps the window wide.
    PodRef ref =
        ip == null
            ? stack.pods().start(NAMESPACE, name, labels, node, PodRef.DEFAULT_ACCOUNT)
            : stack.pods().startAt(NAMESPACE, name, labels, node, PodRef.DEFAULT_ACCOUNT, ip);
    synchronized (this) {
      for (SimIdentity id : boundTo(selector)) {
        oracle.bound(ref.uid(), id.clientId(), at);
      }
      live.add(new Pod(ref, selector));
      peak = Math.max(peak, live.size());
    }
  }

  private void delete(Pod pod, boolean finish) {
    if (pod == null) {
      return;
    }
    if (finish) {
      stack.cluster().setPodStatus(NAMESPACE, pod.ref().name(), pod.ref().ip(), "Succeeded");
    } else {
      stack.deletePod(pod.ref());
    }
    long at = clock.now();
    synchronized (this) {
      for (SimIdentity id : boundTo(pod.selector())) {
        oracle.unbound(pod.ref().uid(), id.clientId(), at);
      }
      if (!finish) {
        freedIps.freed(pod.ref().ip(), at);
      }
    }
  }

  private void relabel(Random random) {
    Pod pod = takeRandom(random);
    if (pod == null) {
      return;
    }
    String selector = "sel-" + random.nextInt(identities.size());
    long before = clock.now();
    synchronized (this) {
      for (SimIdentity id : boundTo(selector)) {
        oracle.bound(pod.ref().uid(), id.clientId(), before);
      }
    }
    stack.cluster().labelPod(NAMESPACE, pod.ref().name(), Map.of("aadpodidbinding", selector));
    long after = clock.now();
    synchronized (this) {
      Set<SimIdentity> now = new HashSet<>(boundTo(selector));
      for (SimIdentity id : boundTo(pod.selector())) {
        if (!now.contains(id)) {
          oracle.unbound(pod.ref().uid(), id.clientId(), after);
        }
      }
      live.add(new Pod(pod.ref(), selector));
    }
  }

  private void rebind(Random random) {
    int i = 1 + random.nextInt(Math.max(1, identities.size() - 1));
    if (i >= identities.size()) {
      return;
    }
    String to = "sel-" + random.nextInt(identities.size());
    SimIdentity identity = identities.get(i);
    long before = clock.now();
    List<Pod> gaining;
    List<Pod> losing;
    synchronized (this) {
      String from = selectorOf.get(i);
      gaining = live.stream().filter(p -> p.selector().equals(to)).toList();
      losing = live.stream().filter(p -> p.selector().equals(from) && !from.equals(to)).toList();
      gaining.forEach(p -> oracle.bound(p.ref().uid(), identity.clientId(), before));
      selectorOf.set(i, to);
    }
    stack.cluster().putBinding(NAMESPACE, "id-" + i + "-binding", "id-" + i, to);
    long after = clock.now();
    losing.forEach(p -> oracle.unbound(p.ref().uid(), identity.clientId(), after));
  }

  /**
   * An AzureIdentity naming an identity Azure does not have, and a pod bound to it: ARM refuses the
   * identity, and the assigner must keep serving every other one.
   */
  void addInvalidIdentity(Random random) {
    int n = seq.incrementAndGet();
    String id =
        "/subscriptions/"
            + stack.subscription()
            + "/resourcegroups/"
            + stack.resourceGroup()
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/missing-"
            + n;
    String clientId = java.util.UUID.nameUUIDFromBytes(id.getBytes()).toString();
    stack.cluster().putIdentity(NAMESPACE, "invalid-" + n, 0, id, clientId);
    stack.cluster().putBinding(NAMESPACE, "invalid-" + n + "-binding", "invalid-" + n, "bad-" + n);
    SimNode node = stack.nodes().get(random.nextInt(stack.nodes().size()));
    stack
        .pods()
        .start(NAMESPACE, "bad-" + n, Map.of("aadpodidbinding", "bad-" + n), node, "default");
    synchronized (this) {
      invalid.add(id.toLowerCase(Locale.ROOT));
    }
  }

  private synchronized Pod takeRandom(Random random) {
    return live.isEmpty() ? null : live.remove(random.nextInt(live.size()));
  }

  private synchronized String takeFreedIp() {
    return freedIps.take(clock.now());
  }

  /** The identities whose binding selects {@code selector} now. */
  synchronized List<SimIdentity> boundTo(String selector) {
    List<SimIdentity> out = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      if (selectorOf.get(i).equals(selector)) {
        out.add(identities.get(i));
      }
    }
    return out;
  }

  /** A live pod to send a request from, if any. */
  synchronized Optional<Pod> randomLive(Random random) {
    return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
  }

  synchronized List<SimIdentity> identities() {
    return List.copyOf(identities);
  }

  /** The most pods alive at once: the population may not reach its target on a slow machine. */
  synchronized int peak() {
    return peak;
  }

  synchronized int liveCount() {
    return live.size();
  }

  synchronized Map<WorkloadStep, Integer> steps() {
    return new EnumMap<>(steps);
  }

  /**
   * By scale set (name), the identity ids (lowercased) with a Running pod bound to them now on one
   * of its nodes.
   */
  synchronized Map<String, Set<String>> wantedByScaleSet() {
    Map<String, Set<String>> out = new HashMap<>();
    for (Pod p : live) {
      Set<String> on = out.computeIfAbsent(p.ref().node().scaleSet().name(), s -> new HashSet<>());
      boundTo(p.selector()).forEach(id -> on.add(id.id().toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  /** Identities Azure refuses (never on the scale set, whatever their pods). */
  synchronized Set<String> invalidIdentities() {
    return Set.copyOf(invalid);
  }
}
