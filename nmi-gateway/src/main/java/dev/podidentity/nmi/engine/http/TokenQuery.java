package dev.podidentity.nmi.engine.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The parameters of a token request, read in one pass over the raw query. Only the six the contract
 * names are kept; names match case-insensitively; values are percent-decoded (with {@code +} as a
 * space) only when they need it. A general decoder built a map of every parameter of every request,
 * a visible share of a cache hit's cost.
 *
 * @param repeated the first of the six that appears more than once, or null
 */
record TokenQuery(
    String resource,
    String clientId,
    String msiResId,
    String miResId,
    String objectId,
    String apiVersion,
    String repeated) {

  static final TokenQuery EMPTY = new TokenQuery(null, null, null, null, null, null, null);

  /** A malformed query: a bad percent escape. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static TokenQuery parse(String query) throws Malformed {
    if (query == null || query.isEmpty()) {
      return EMPTY;
    }
    String[] values = new String[6];
    String repeated = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int nameEnd = indexOf(query, '=', start, end);
      int slot = slot(query, start, nameEnd);
      if (slot >= 0) {
        if (values[slot] != null) {
          repeated = repeated != null ? repeated : NAMES[slot];
        } else {
          values[slot] = nameEnd < end ? decode(query, nameEnd + 1, end) : "";
        }
      }
      start = end + 1;
    }
    return new TokenQuery(
        values[0], values[1], values[2], values[3], values[4], values[5], repeated);
  }

  private static final String[] NAMES = {
    "resource", "client_id", "msi_res_id", "mi_res_id", "object_id", "api-version"
  };

  /** Which of the six {@code query[from, to)} names, or -1. Names need no decoding to match. */
  private static int slot(String query, int from, int to) {
    int length = to - from;
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].length() == length && query.regionMatches(true, from, NAMES[i], 0, length)) {
        return i;
      }
    }
    if (length > 0 && indexOf(query, '%', from, to) < to) {
      // An encoded name (client%5Fid): rare, so decoded only here.
      try {
        String name = decode(query, from, to).toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.length; i++) {
          if (NAMES[i].equals(name)) {
            return i;
          }
        }
      } catch (Malformed e) {
        return -1; // a name that is no name we know
      }
    }
    return -1;
  }

  /**
   * The first {@code c} in {@code s[from, to)}, or {@code to}. Bounded: an unbounded search from
   * each of thousands of parts would scan the rest of a hostile query every time.
   */
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }

  private static String decode(String s, int from, int to) throws Malformed {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = s.charAt(i);
      plain = c != '%' && c != '+';
    }
    if (plain) {
      return s.substring(from, to);
    }
    // A pod asks with the same escaped resource every time: reuse the last decoding of this thread.
    String[] last = LAST_DECODED.get();
    if (last[0] != null
        && last[0].length() == to - from
        && s.regionMatches(from, last[0], 0, to - from)) {
      return last[1];
    }
    String decoded = decodeEscaped(s, from, to);
    last[0] = s.substring(from, to);
    last[1] = decoded;
    return decoded;
  }

  /** {raw, decoded} of the last escaped value decoded on this thread. */
  private static final ThreadLocal<String[]> LAST_DECODED =
      ThreadLocal.withInitial(() -> new String[2]);

  private static String decodeEscaped(String s, int from, int to) throws Malformed {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
        i++;
      } else if (c == '%') {
        if (i + 2 >= to) {
          throw new Malformed("unterminated escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new Malformed("bad escape");
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      } else {
        int run = i;
        while (run < to && s.charAt(run) != '%' && s.charAt(run) != '+') {
          run++;
        }
        byte[] encoded = s.substring(i, run).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i = run;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
