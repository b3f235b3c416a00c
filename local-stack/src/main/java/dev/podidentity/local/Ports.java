package dev.podidentity.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for the stack's processes. */
final class Ports {
  private Ports() {}

  static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@link #free}, for places that cannot throw. */
  static int any() {
    try {
      return free();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
