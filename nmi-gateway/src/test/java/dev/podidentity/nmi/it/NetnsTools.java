package dev.podidentity.nmi.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small programs the iptables test runs inside network namespaces with {@code ip netns exec}: an
 * echo server standing in for the NMI on the node's loopback, and a probe that plays the pod.
 */
public final class NetnsTools {
  private NetnsTools() {}

  /** {@code serve <host> <port>} or {@code probe <url>}. */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body =
                ("seen-from " + exchange.getRemoteAddress().getAddress().getHostAddress())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      System.out.println("LISTENING");
      System.out.flush();
    } else {
      HttpURLConnection c = (HttpURLConnection) new URL(args[1]).openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(2_000);
      try (InputStream in = c.getInputStream()) {
        System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        System.out.println("FAILED " + e.getClass().getSimpleName());
      }
    }
  }

  /** Runs a command, returning its exit code and output (bounded by a timeout). */
  static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timeout");
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  record Result(int exit, String output) {}
}
