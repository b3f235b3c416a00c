package dev.podidentity.local.process;

import dev.podidentity.local.core.Tail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One child process of the stack, its output in a log file. */
public final class ServiceProcess {
  /**
   * Begins the line written to the log before each start: a restart appends to the same log, and
   * readers of it (the failover benchmark) tell one run's lines from the last's by it.
   */
  public static final String STARTED = "---- started ";

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path log;
  private volatile Process process;
  private boolean closed; // guarded by this

  private ServiceProcess(String name, List<String> command, Map<String, String> env, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.log = log;
  }

  public static ServiceProcess start(
      String name, List<String> command, Map<String, String> env, Path log) throws IOException {
    ServiceProcess p = new ServiceProcess(name, command, env, log);
    p.launch();
    return p;
  }

  private void launch() throws IOException {
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        STARTED + name + " at " + java.time.Instant.now() + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    process = builder.start();
  }

  public String name() {
    return name;
  }

  /** The command line it was started with. */
  public List<String> command() {
    return command;
  }

  /** The environment it was started with (on top of this launcher's). */
  public Map<String, String> environment() {
    return env;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Starts the same command again (after {@link #kill} or {@link #stop}). */
  public synchronized void restart() throws IOException {
    if (closed) {
      throw new IllegalStateException(name + " was stopped with the stack");
    }
    if (process.isAlive()) {
      throw new IllegalStateException(name + " still runs");
    }
    launch();
  }

  /** SIGKILL: the process gets no chance to clean up, as a crashed pod. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /**
   * Stops it for good: a restart still to come (a fault's, timed before the stack stopped) is
   * refused instead of leaving a process nobody stops.
   */
  public void close(Duration grace) {
    synchronized (this) {
      closed = true;
    }
    stop(grace);
  }

  /** SIGTERM, then SIGKILL once {@code grace} has passed. */
  public void stop(Duration grace) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    if (!waitFor(grace)) {
      p.destroyForcibly();
      waitFor(Duration.ofSeconds(5));
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of this process's log. */
  public List<String> tail(int lines) {
    try {
      return Tail.of(Files.readAllLines(log, StandardCharsets.UTF_8), lines);
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
    }
  }

  /** Whether the log contains {@code text} (start banners of tools that have no health URL). */
  public boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
