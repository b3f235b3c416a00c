package dev.podidentity.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that another process binds later (a stack's services, a broker).
 *
 * <p>A port the kernel picks for {@code bind(0)} comes from its ephemeral range, the same range it
 * takes the source ports of outgoing connections from. Between the moment the port is found free
 * and the moment the child process binds it, any of the machine's outgoing connections may take it:
 * a local stack's NMI once failed to start with "Port 33071 seems to be in use", the port it had
 * been handed. Ports below the ephemeral range are never taken that way, so they are chosen there,
 * at random, each checked by binding it, and never handed out twice by this JVM.
 */
public final class LoopbackPorts {
  /** Above the well-known and registered ports that servers on a developer machine often use. */
  static final int LOWEST = 20_000;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LINUX_DEFAULT_EPHEMERAL_START = 32_768;
  private static final int ATTEMPTS = 200;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /** A loopback port that is free now, outside the ephemeral range when there is room. */
  public static int free() throws IOException {
    return pick(LOWEST, ephemeralStart());
  }

  /** A free port in [{@code lowest}, {@code end}), or the kernel's choice when none is found. */
  static int pick(int lowest, int end) throws IOException {
    for (int i = 0; i < ATTEMPTS && lowest < end; i++) {
      int port = ThreadLocalRandom.current().nextInt(lowest, end);
      if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    // No room below the ephemeral range (or all taken): the kernel's choice, with its race.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@link #free}, for places that cannot throw. */
  public static int any() {
    try {
      return free();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of the kernel's ephemeral range (Linux's default when it cannot be read). */
  static int ephemeralStart() {
    try {
      // Read as lines: readString stops after the first character of a /proc file here.
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return LINUX_DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
