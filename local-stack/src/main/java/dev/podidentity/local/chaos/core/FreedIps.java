package dev.podidentity.local.chaos.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * IPs of deleted pods, handed to new pods no sooner than Kubernetes could: {@link #REUSE_FLOOR_MS}
 * after the deletion. An NMI's view may be up to its {@code nmi.waits.stale-after} (5 s) behind the
 * cluster before it fails closed, so an IP given to a new pod within that time of its old pod's
 * deletion can still be served as the old pod's; the system's promise holds only where Kubernetes
 * takes longer than that to terminate a pod, release its IP, start another pod's sandbox on it and
 * run its container. The floor adds a second for the watch's own delivery of the deletion. Among
 * the IPs past the floor, the latest freed is reused first, to keep the reuse as tight as the
 * promise allows.
 */
public final class FreedIps {
  /** The NMIs' default stale-after (5 s) plus 1 s for the watch to deliver the deletion. */
  public static final long REUSE_FLOOR_MS = 6_000;

  private record Freed(String ip, long atMillis) {}

  private final Deque<Freed> freed = new ArrayDeque<>(); // newest first

  public void freed(String ip, long atMillis) {
    freed.push(new Freed(ip, atMillis));
  }

  /** How many IPs may be reused at {@code nowMillis}. */
  public int reusable(long nowMillis) {
    int n = 0;
    for (Freed f : freed) {
      n += ripe(f, nowMillis) ? 1 : 0;
    }
    return n;
  }

  /** The latest freed IP past the floor, removed; null when none is. */
  public String take(long nowMillis) {
    for (Iterator<Freed> it = freed.iterator(); it.hasNext(); ) {
      Freed f = it.next();
      if (ripe(f, nowMillis)) {
        it.remove();
        return f.ip();
      }
    }
    return null;
  }

  private static boolean ripe(Freed f, long nowMillis) {
    return nowMillis - f.atMillis() >= REUSE_FLOOR_MS;
  }
}
