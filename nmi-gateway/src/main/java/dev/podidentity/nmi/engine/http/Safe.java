package dev.podidentity.nmi.engine.http;

/** Makes caller-controlled text safe for one log line: bounded, no control characters. */
final class Safe {
  private static final int MAX = 200;

  private Safe() {}

  static String forLog(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX + 3));
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f || c == '"' ? '_' : c);
    }
    if (s.length() > MAX) {
      sb.append("...");
    }
    return sb.toString();
  }
}
