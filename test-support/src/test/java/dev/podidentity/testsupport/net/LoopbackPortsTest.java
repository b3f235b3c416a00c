package dev.podidentity.testsupport.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void portsAreBelowTheEphemeralRangeFreeAndNeverHandedOutTwice() throws IOException {
    int ephemeralStart = LoopbackPorts.ephemeralStart();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = LoopbackPorts.free();
      assertThat(port).isBetween(LoopbackPorts.LOWEST, ephemeralStart - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aPortAnotherSocketHoldsIsNotHandedOut() throws IOException {
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int held = other.getLocalPort();
      // The only port of the range is taken: the kernel's choice instead, never the held one.
      for (int i = 0; i < 20; i++) {
        assertThat(LoopbackPorts.pick(held, held + 1)).isNotEqualTo(held);
      }
    }
  }
}
