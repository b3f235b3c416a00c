package dev.podidentity.local.pod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 GET sent from a pod's IP: the socket binds its source address first, which is all a
 * pod's network namespace gives the NMI to recognise it by. {@code java.net.http} cannot bind a
 * source address, hence this small client (one request per connection, {@code Connection: close},
 * read and connect timeouts).
 */
public final class PodHttp {
  private static final int MAX_BODY = 1 << 20;

  private PodHttp() {}

  /** A response: status, headers (names lowercased) and body. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public static Response get(
      String sourceIp,
      String host,
      int port,
      String pathAndQuery,
      Map<String, String> headers,
      Duration timeout)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
      socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 5000));
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder request = new StringBuilder();
      request.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(host).append(':').append(port).append("\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      buffer.write(chunk, 0, n);
      if (buffer.size() > MAX_BODY) {
        throw new IOException("response larger than " + MAX_BODY + " bytes");
      }
    }
    return buffer.toByteArray();
  }

  static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("incomplete HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP response: " + lines[0]);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(Integer.parseInt(status[1]), headers, body);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (pos < body.length()) {
      int lineEnd = body.indexOf("\r\n", pos);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(pos, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
      pos = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
