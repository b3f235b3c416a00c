package dev.podidentity.testsupport.kafka;

import dev.podidentity.testsupport.kafka.secure.SecuredListeners;
import dev.podidentity.testsupport.net.LoopbackPorts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker as a separate process on 127.0.0.1 (one combined KRaft node), for the local stack
 * and benchmarks. Its state lives in one directory: {@code server.properties}, the data, {@code
 * broker.pid}, {@code bootstrap} and {@code broker.log}; {@code start}, {@code stop} and {@code
 * status} find it there. The broker runs on this JVM's class path.
 */
public final class StandaloneBroker {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** A started or found broker. */
  public record Handle(long pid, String bootstrapServers, Path dir) {}

  private StandaloneBroker() {}

  public static Handle start(Path dir, int port) throws IOException, InterruptedException {
    return start(dir, port, false);
  }

  /**
   * Starts the broker of {@code dir} unless it runs. With {@code tls} it also listens with mutual
   * TLS and SASL_SSL under an authorizer, as the embedded test broker does ({@link StandaloneTls},
   * {@link #secured}); PLAINTEXT stays, its anonymous user a super user.
   */
  public static Handle start(Path dir, int port, boolean tls)
      throws IOException, InterruptedException {
    Optional<Handle> running = status(dir);
    if (running.isPresent()) {
      if (tls && secured(dir).isEmpty()) {
        throw new IllegalStateException(
            "the broker of " + dir + " runs without TLS; stop it first to start it with TLS");
      }
      return running.get();
    }
    Files.createDirectories(dir);
    int brokerPort = port == 0 ? LoopbackPorts.free() : port;
    int controllerPort = LoopbackPorts.free();
    Optional<StandaloneTls.Ports> tlsPorts =
        tls ? Optional.of(StandaloneTls.Ports.after(brokerPort, port != 0)) : Optional.empty();
    StandaloneTls.clear(dir);
    Path props = dir.resolve("server.properties");
    Files.writeString(props, properties(dir, brokerPort, controllerPort, tlsPorts));
    if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      format(dir, props);
    }
    Process process =
        new ProcessBuilder(java("kafka.Kafka", props.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
            .start();
    String bootstrap = "127.0.0.1:" + brokerPort;
    Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
    Files.writeString(dir.resolve("bootstrap"), bootstrap);
    awaitPort(process, brokerPort, dir);
    if (tlsPorts.isPresent()) {
      awaitPort(process, tlsPorts.get().mtls(), dir);
      awaitPort(process, tlsPorts.get().saslSsl(), dir);
      StandaloneTls.started(dir, bootstrap, tlsPorts.get());
    }
    return new Handle(process.pid(), bootstrap, dir);
  }

  /** The secured listeners of the running broker of {@code dir}, if it was started with TLS. */
  public static Optional<SecuredKafka> secured(Path dir) throws IOException {
    Optional<Handle> running = status(dir);
    return running.isEmpty()
        ? Optional.empty()
        : StandaloneTls.find(dir, running.get().bootstrapServers());
  }

  /** Stops the broker of {@code dir}, if one runs; returns whether one did. */
  public static boolean stop(Path dir) throws InterruptedException {
    Optional<ProcessHandle> process = process(dir);
    if (process.isEmpty()) {
      return false;
    }
    ProcessHandle p = process.get();
    p.destroy();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
    }
    return true;
  }

  public static Optional<Handle> status(Path dir) throws IOException {
    Optional<ProcessHandle> process = process(dir);
    if (process.isEmpty()) {
      return Optional.empty();
    }
    String bootstrap = Files.readString(dir.resolve("bootstrap")).trim();
    return Optional.of(new Handle(process.get().pid(), bootstrap, dir));
  }

  private static Optional<ProcessHandle> process(Path dir) {
    Path pidFile = dir.resolve("broker.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void format(Path dir, Path props) throws IOException, InterruptedException {
    Process format =
        new ProcessBuilder(
                java(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    props.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException(
          "formatting the broker storage failed; see " + dir.resolve("broker.log"));
    }
  }

  private static void awaitPort(Process process, int port, Path dir)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("the broker exited at start; see " + dir.resolve("broker.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // Still starting: wait for the port like a client would, on the process's exit or 200 ms.
        process.waitFor(200, TimeUnit.MILLISECONDS);
      }
    }
    process.destroyForcibly();
    throw new IOException("the broker did not listen within " + READY_TIMEOUT);
  }

  private static List<String> java(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  static String properties(
      Path dir, int brokerPort, int controllerPort, Optional<StandaloneTls.Ports> tls)
      throws IOException {
    String secured = tls.map(p -> "," + StandaloneTls.listeners(p)).orElse("");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:"
                    + brokerPort
                    + ",CONTROLLER://127.0.0.1:"
                    + controllerPort
                    + secured,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort + secured,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                    + (tls.isPresent() ? "," + SecuredListeners.protocolMap() : "")));
    if (tls.isPresent()) {
      lines.addAll(StandaloneTls.serverProperties(dir));
    }
    lines.add(common(dir));
    return String.join("\n", lines);
  }

  private static String common(Path dir) {
    return String.join(
        "\n",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + dir.resolve("data").toAbsolutePath(),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        // After a kill -9 the broker may register again only once its previous session has
        // expired: with the default 9 s a restart took 12.5 s here, all of it unavailable, as this
        // one node leads every partition (a replicated cluster moves leaders instead). 3 s makes it
        // about 5 s; heartbeats every 0.75 s keep a live broker's session under load.
        "broker.session.timeout.ms=3000",
        "broker.heartbeat.interval.ms=750",
        "");
  }

  /** {@code start [--port N] [--dir D] [--tls] | stop [--dir D] | status [--dir D]}. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return StandaloneBrokerCli.run(args, out, err);
  }
}
