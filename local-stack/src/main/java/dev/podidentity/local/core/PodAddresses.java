package dev.podidentity.local.core;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Hands out pod IPs from the loopback network 127.0.0.0/8, so that a demo client can bind its
 * source address to its pod's IP on any Linux machine without extra interfaces. 127.0.0.1 is the
 * node's own address (host-network pods) and is never handed out; neither are network (.0) or
 * broadcast-looking (.255) addresses. Released addresses are reused last-in first-out, the way a
 * CNI plugin reuses IPs, which is exactly the reuse case the NMI must get right.
 */
public final class PodAddresses {
  private static final int FIRST = (127 << 24) | 2;
  private static final int LAST = (127 << 24) | (255 << 16) | (255 << 8) | 254;

  private final Deque<String> released = new ArrayDeque<>();
  private int next;

  public PodAddresses() {
    this(FIRST);
  }

  /** Starts at {@code first} (dotted IPv4 inside 127.0.0.0/8). */
  public PodAddresses(String first) {
    this(parse(first));
  }

  private PodAddresses(int first) {
    this.next = first;
  }

  /** The next free address. */
  public synchronized String next() {
    if (!released.isEmpty()) {
      return released.pop();
    }
    while (next <= LAST) {
      int candidate = next++;
      int last = candidate & 0xff;
      if (last != 0 && last != 255) {
        return format(candidate);
      }
    }
    throw new IllegalStateException("no loopback pod addresses left");
  }

  /** Gives an address back for reuse by the next pod. */
  public synchronized void release(String address) {
    parse(address);
    released.push(address);
  }

  static String format(int ip) {
    return ((ip >>> 24) & 0xff)
        + "."
        + ((ip >>> 16) & 0xff)
        + "."
        + ((ip >>> 8) & 0xff)
        + "."
        + (ip & 0xff);
  }

  static int parse(String address) {
    String[] parts = address == null ? new String[0] : address.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a dotted IPv4 address: " + address);
    }
    int ip = 0;
    for (String part : parts) {
      int octet;
      try {
        octet = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a dotted IPv4 address: " + address, e);
      }
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not a dotted IPv4 address: " + address);
      }
      ip = (ip << 8) | octet;
    }
    if ((ip >>> 24) != 127 || ip < FIRST || ip > LAST) {
      throw new IllegalArgumentException(
          "pod addresses live in 127.0.0.2 .. 127.255.255.254, not " + address);
    }
    return ip;
  }
}
