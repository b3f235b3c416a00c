package dev.podidentity.local.chaos;

import dev.podidentity.azuresim.SimulatorAdminClient;
import dev.podidentity.azuresim.control.Fault;
import dev.podidentity.local.LocalStack;
import dev.podidentity.local.PodRef;
import dev.podidentity.local.SimIdentity;
import dev.podidentity.local.SimNode;
import dev.podidentity.local.chaos.core.FaultKind;
import dev.podidentity.local.chaos.core.FaultSchedule;
import dev.podidentity.testsupport.kafka.StandaloneBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Does what the schedule says. Process kills restart the process after its downtime with the same
 * command and environment, one kill of a process at a time; ARM and IMDS storms are counted
 * simulator faults (used up by the requests they hit) and the simulator's Deleting state; an API
 * restart stops the Kubernetes API's front for its downtime; the rest are requests and records.
 * Whatever is left when the window closes is cleared by {@link #quiesce}.
 */
final class FaultInjector {
  private final LocalStack stack;
  private final Workload workload;
  private final TokenProbes probes;
  private final RecordFaults records;
  private final OtherNamespaceProbe otherNamespace;
  private final ChaosSettings settings;
  private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
  private final Map<String, Object> processLocks = new ConcurrentHashMap<>();
  private final List<String> errors;
  private final List<String> notes = new java.util.ArrayList<>();
  private PodRef hostNetworkPod;

  /**
   * The harness's own API writes hold it shared; an API restart holds it alone, once the writes in
   * flight are done. The harness so pauses its writes for the outage, as a client backs off, and no
   * write of its own is cut in the middle (its state would no longer be the cluster's). Fair, so a
   * restart waiting for it is not starved by the churn.
   */
  private final ReadWriteLock apiWrites = new ReentrantReadWriteLock(true);

  /** As a kubelet's restart policy keeps trying; the stack's own ready timeout is 120 s each. */
  private static final int RESTART_ATTEMPTS = 3;

  FaultInjector(
      LocalStack stack,
      Workload workload,
      TokenProbes probes,
      ChaosSettings settings,
      List<String> errors) {
    this.stack = stack;
    this.workload = workload;
    this.probes = probes;
    this.records = new RecordFaults(stack.bootstrapServers());
    this.otherNamespace = new OtherNamespaceProbe(stack, probes, settings.namespaced());
    this.settings = settings;
    this.errors = errors;
  }

  /** Injects one fault and waits until it is over (a killed process ready again). */
  void inject(FaultSchedule.Fault f, Random random) {
    SimulatorAdminClient sim = stack.simulator();
    SimNode node = stack.nodes().get(f.target() % stack.nodes().size());
    // ARM faults hit the scale set of the target node: seeded, and spread over the pools.
    String scaleSet = node.scaleSet().name();
    int storm = 2 + random.nextInt(4);
    try {
      switch (f.kind()) {
        case KILL_ASSIGNER -> killAndRestart("assigner", f.durationMillis());
        case KILL_WATCHER -> killAndRestart("watcher", f.durationMillis());
        case KILL_NMI -> killAndRestart("nmi-" + node.index(), f.durationMillis());
        case KILL_BROKER -> killBroker(f.durationMillis());
        case API_RESTART -> restartApi(f.durationMillis());
        case ARM_THROTTLE ->
            sim.injectFault(
                new Fault(
                    Fault.Kind.THROTTLE,
                    "arm",
                    scaleSet,
                    "PATCH",
                    storm,
                    settings.retryAfter().toMillis(),
                    null,
                    null));
        case ARM_CONFLICT -> sim.injectFault(Fault.of(Fault.Kind.CONFLICT, scaleSet, storm));
        case ARM_ERROR ->
            sim.injectFault(Fault.error(scaleSet, random.nextBoolean() ? 500 : 503, storm));
        case ARM_HANG -> sim.injectFault(Fault.hang("arm", scaleSet, 1, f.durationMillis()));
        case ARM_LINKED_AUTHORIZATION_FAILED -> {
          List<SimIdentity> ids = workload.identities();
          sim.injectFault(
              Fault.linkedAuthorizationFailed(ids.get(1 + random.nextInt(ids.size() - 1)).id()));
        }
        case SCALE_SET_DELETING -> {
          sim.setDeleting(node.scaleSet().id(), true);
          pause(f.durationMillis());
          sim.setDeleting(node.scaleSet().id(), false);
        }
        case INVALID_IDENTITY -> writing(() -> workload.addInvalidIdentity(random));
        case IMDS_THROTTLE ->
            sim.injectFault(
                new Fault(
                    Fault.Kind.THROTTLE, "imds", node.name(), null, storm, 1000L, null, null));
        case IMDS_HANG -> sim.injectFault(Fault.hang("imds", node.name(), 2, f.durationMillis()));
        case HOSTILE_REQUESTS -> writing(() -> hostile(random, node));
        case OTHER_NAMESPACE -> writing(() -> otherNamespace.probe(node));
        case BAD_RECORDS -> records.inject(random);
      }
      synchronized (injected) {
        injected.merge(f.kind(), 1, Integer::sum);
      }
    } catch (RuntimeException e) {
      synchronized (errors) {
        errors.add("fault " + f + " could not be injected: " + e);
      }
    }
  }

  private void killAndRestart(String service, long downMillis) {
    synchronized (processLocks.computeIfAbsent(service, s -> new Object())) {
      stack.services().kill(service);
      pause(downMillis);
      restartLikeKubelet(service);
    }
  }

  /** The API down for its downtime, its store keeping the data; started again whatever happens. */
  private void restartApi(long downMillis) {
    apiWrites.writeLock().lock();
    try {
      stack.stopKubernetesApi();
      try {
        pause(downMillis);
      } finally {
        stack.startKubernetesApi();
      }
    } finally {
      apiWrites.writeLock().unlock();
    }
  }

  /** Runs the harness's API writes {@code write}, not while the API restarts. */
  void writing(Runnable write) {
    apiWrites.readLock().lock();
    try {
      write.run();
    } finally {
      apiWrites.readLock().unlock();
    }
  }

  /**
   * Restarts as a kubelet would a crashed container: a process that exits before it is ready is
   * started again after a growing pause (CrashLoopBackOff, shortened), up to {@link
   * #RESTART_ATTEMPTS} times; one still starting when the stack's ready timeout ends is left to
   * become ready. Each such start is a finding, noted for the report.
   */
  private void restartLikeKubelet(String service) {
    for (int attempt = 1; ; attempt++) {
      try {
        stack.services().restart(service);
        return;
      } catch (Exception e) {
        boolean running = stack.services().isRunning(service);
        note(
            service
                + (running ? " not ready within the ready timeout: " : " exited while starting: ")
                + e.getMessage());
        if (running) {
          return;
        }
        if (attempt == RESTART_ATTEMPTS) {
          throw new IllegalStateException(service + " did not come back: " + e.getMessage(), e);
        }
        pause(2_000L * attempt);
      }
    }
  }

  private void note(String finding) {
    synchronized (notes) {
      notes.add(finding);
    }
  }

  /** Restarts that did not go as planned (a service exiting while starting, a slow ready). */
  List<String> notes() {
    synchronized (notes) {
      return List.copyOf(notes);
    }
  }

  /**
   * The broker is the launcher's child, not one of the stack's services: found by the pid file in
   * its directory, killed, and started again on the port every service was given, with its data.
   */
  private void killBroker(long downMillis) {
    Path dir = stack.runDir().resolve("kafka");
    synchronized (processLocks.computeIfAbsent("kafka", s -> new Object())) {
      try {
        long pid = Long.parseLong(Files.readString(dir.resolve("broker.pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        pause(downMillis);
        String bootstrap = stack.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        StandaloneBroker.start(dir, port, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void hostile(Random random, SimNode node) {
    for (int i = 0; i < 3; i++) {
      // 127.200.0.0/16 is never handed to a pod in a run of any size we make.
      String ip = "127.200." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      probes.stranger(ip, node, "unknown-ip", null);
    }
    synchronized (this) {
      if (hostNetworkPod == null) {
        // A host-network pod no binding selects, asking for identity 1 from the node's address.
        hostNetworkPod =
            stack.startPod(
                Workload.NAMESPACE,
                "host-net",
                Map.of("aadpodidbinding", "sel-hostnet"),
                node,
                true);
      }
    }
    probes.stranger(
        hostNetworkPod.ip(),
        hostNetworkPod.node(),
        "host-network",
        workload.identities().get(1).clientId());
    for (int i = 0; i < 5; i++) {
      probes.notBound(random);
    }
  }

  /** Ends every fault still in force: counted faults left, a Deleting state. */
  void quiesce() {
    stack.simulator().clearFaults();
    stack.scaleSetIds().forEach(id -> stack.simulator().setDeleting(id, false));
  }

  Map<FaultKind, Integer> injected() {
    synchronized (injected) {
      return new EnumMap<>(injected);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
