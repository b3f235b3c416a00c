package dev.podidentity.systemtests;

import static org.awaitility.Awaitility.await;

import dev.podidentity.events.ComputeTarget;
import dev.podidentity.events.Partitioning;
import dev.podidentity.events.Topics;
import dev.podidentity.local.LocalStack;
import dev.podidentity.local.process.ServiceProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stack's assigner and a standby replica of it: which one owns the stack's scale set (from the
 * partitions each one's log says it acts on), and when a replica starts acting on it.
 */
final class AssignerReplicas {
  static final String PRIMARY = "assigner";
  static final String STANDBY = "assigner-standby";
  private static final String ACTING = "replayed to the end; acting on pod partitions ";
  private static final String HANDED_OVER = "handed over pod partitions ";

  private final LocalStack stack;
  private final int partition;

  AssignerReplicas(LocalStack stack) {
    this.stack = stack;
    this.partition =
        Partitioning.partitionOf(
            ComputeTarget.scaleSet(
                stack.subscription(), stack.resourceGroup(), stack.scaleSetName()),
            Topics.TARGET_PARTITIONS);
  }

  /**
   * Starts the standby (the same command and environment; with {@code -Dstack.staticMembership}, a
   * static instance id of its own) and waits until the group has settled: both replicas act,
   * together on every partition.
   */
  void startStandby() throws Exception {
    if (!stack.services().names().contains(STANDBY) || !stack.services().isRunning(STANDBY)) {
      stack
          .services()
          .startReplica(
              PRIMARY,
              STANDBY,
              Boolean.getBoolean("stack.staticMembership")
                  ? Map.of("ASSIGNER_KAFKA_INSTANCE_ID", STANDBY)
                  : Map.of());
    }
    await("both assigners acting on every partition")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Set<Integer> a = owned(PRIMARY);
              Set<Integer> b = owned(STANDBY);
              Set<Integer> all = new HashSet<>(a);
              all.addAll(b);
              return !a.isEmpty()
                  && !b.isEmpty()
                  && all.size() == Topics.TARGET_PARTITIONS
                  && a.size() + b.size() == Topics.TARGET_PARTITIONS;
            });
  }

  /** Stops the standby, if it runs, and leaves the stack's own assigner running. */
  void restore() throws Exception {
    if (stack.services().names().contains(STANDBY) && stack.services().isRunning(STANDBY)) {
      stack.services().stop(STANDBY);
    }
    if (!stack.services().isRunning(PRIMARY)) {
      stack.services().restart(PRIMARY);
    }
  }

  /** The replica whose log says it acts on the scale set's partition now. */
  Optional<String> owner() {
    for (String s : List.of(PRIMARY, STANDBY)) {
      if (stack.services().names().contains(s)
          && stack.services().isRunning(s)
          && owned(s).contains(partition)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The pod partitions a replica's log says it acts on (since its last start). */
  Set<Integer> owned(String service) {
    Set<Integer> owned = new HashSet<>();
    for (String line : lines(service)) {
      int at = line.indexOf(ACTING);
      if (at >= 0) {
        owned = partitions(line.substring(at + ACTING.length()));
      }
      at = line.indexOf(HANDED_OVER);
      if (at >= 0) {
        owned.removeAll(partitions(line.substring(at + HANDED_OVER.length())));
      }
      if (line.startsWith(ServiceProcess.STARTED)) {
        owned = new HashSet<>();
      }
    }
    return owned;
  }

  /** Where the service's log ends now: {@link #actsSince} reads only what comes after. */
  long logEnd(String service) {
    try {
      Path log = stack.services().logOf(service);
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the service logged, after {@code offset}, that it acts on the scale set's partition.
   */
  boolean actsSince(String service, long offset) {
    try (RandomAccessFile f = new RandomAccessFile(stack.services().logOf(service).toFile(), "r")) {
      if (f.length() <= offset) {
        return false;
      }
      byte[] bytes = new byte[(int) (f.length() - offset)];
      f.seek(offset);
      f.readFully(bytes);
      for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\n")) {
        int at = line.indexOf(ACTING);
        if (at >= 0 && partitions(line.substring(at + ACTING.length())).contains(partition)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> lines(String service) {
    try {
      Path log = stack.services().logOf(service);
      return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Integer> partitions(String list) {
    String inner = list.substring(list.indexOf('[') + 1, list.indexOf(']'));
    return Arrays.stream(inner.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Integer::valueOf)
        .collect(Collectors.toCollection(HashSet::new));
  }
}
