package dev.podidentity.nmi.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Normalises a peer address to the one spelling pods are published with: IPv4 dotted quads, IPv4
 * carried in IPv6 ({@code ::ffff:a.b.c.d}) as IPv4, IPv6 in its compressed lowercase form without a
 * zone. Only literals are accepted, so no DNS lookup can ever happen here.
 */
public final class SourceAddress {
  private SourceAddress() {}

  /** The normalised address, or null when {@code raw} is not an IP literal. */
  public static String normalise(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > 64) {
      return null;
    }
    if (plainIpv4(raw)) {
      return raw; // the common case, already in normal form: no parsing, no allocation
    }
    String s = raw;
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (!literal(s)) {
      return null;
    }
    try {
      // getByName does not resolve once the text is a literal, which literal() guarantees.
      InetAddress address = InetAddress.getByName(s);
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
      if (address instanceof Inet6Address v6) {
        return compress(v6.getAddress());
      }
      return null;
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** A dotted quad without leading zeros, each part 0..255. */
  static boolean plainIpv4(String s) {
    int parts = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return false; // a leading zero: let InetAddress decide what it means
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return false;
        }
      } else if (c == '.' && digits > 0) {
        parts++;
        value = -1;
        digits = 0;
      } else {
        return false;
      }
    }
    return parts == 3 && digits > 0;
  }

  private static boolean literal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    boolean colon = s.indexOf(':') >= 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || c == '.'
              || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return false;
      }
    }
    return colon || s.chars().filter(c -> c == '.').count() == 3;
  }

  /** RFC 5952: lowercase, leading zeros dropped, the longest run of zero groups as "::". */
  static String compress(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }
}
