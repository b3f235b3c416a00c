package dev.podidentity.nmi.it;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle connections to a port from a separate process (so the test JVM's own file limit is
 * not shared), prints {@code OPEN} when they are all up, and holds them until killed.
 */
public final class ConnectionFlood {
  private ConnectionFlood() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    List<Socket> sockets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(host, port), 10_000);
      sockets.add(s);
    }
    System.out.print("OPEN\n");
    System.out.flush();
    Object forever = new Object();
    synchronized (forever) {
      forever.wait();
    }
  }
}
